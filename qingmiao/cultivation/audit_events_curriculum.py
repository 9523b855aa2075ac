"""How the audit log names the curriculum's events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.topic.created": _("新建专题"),
    "cultivation.topic.updated": _("修改专题"),
    "cultivation.topic.deleted": _("删除专题"),
    "cultivation.lecturer.created": _("新建授课人"),
    "cultivation.lecturer.updated": _("修改授课人"),
    "cultivation.lecturer.deleted": _("删除授课人"),
    "cultivation.base.created": _("新建教学基地"),
    "cultivation.base.updated": _("修改教学基地"),
    "cultivation.base.deleted": _("删除教学基地"),
    "cultivation.base.archived": _("停用教学基地"),
    "cultivation.base.restored": _("启用教学基地"),
    "cultivation.route.created": _("新建观摩线路"),
    "cultivation.route.updated": _("修改观摩线路"),
    "cultivation.route.deleted": _("删除观摩线路"),
    "cultivation.route.archived": _("停用观摩线路"),
    "cultivation.route.restored": _("启用观摩线路"),
    "cultivation.course.created": _("新建课程"),
    "cultivation.course.updated": _("修改课程"),
    "cultivation.course.deleted": _("删除课程"),
    "cultivation.session.created": _("新建授课安排"),
    "cultivation.session.updated": _("修改授课安排"),
    "cultivation.session.deleted": _("删除授课安排"),
    "cultivation.trip.created": _("新建外出学习批次"),
    "cultivation.trip.updated": _("修改外出学习批次"),
    "cultivation.trip.deleted": _("删除外出学习批次"),
    "cultivation.trip.participants_added": _("添加外出学习人员"),
    "cultivation.trip.participant_removed": _("移出外出学习人员"),
}

FIELDS = {
    "count": _("人数"),
    "cadres": _("干部"),
    "cadre": _("干部"),
}
