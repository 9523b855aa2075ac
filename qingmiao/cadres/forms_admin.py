"""Forms of the system administrator's screens: units, codes, tags. They read and check input;
the services in services_units / services_codes decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping

from .models import CodeItem, CodeTable, OrgUnit, Tag, UnitType


class _Styled:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from the tree, indented by depth so that the tree reads in the list."""

    def label_from_instance(self, obj):
        return "\u3000" * (obj.depth - 1) + obj.name


def unit_field(user, label, *, required=True, help_text=""):
    queryset = scoping.visible(user, OrgUnit).order_by("path")
    return UnitChoiceField(
        queryset=queryset, label=label, required=required, help_text=help_text, empty_label="—"
    )


class UnitForm(_Styled, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    code = forms.CharField(label=_("单位代码"), max_length=30)
    unit_type = forms.ChoiceField(label=_("单位类型"), choices=UnitType.choices)
    is_remote = forms.BooleanField(label=_("偏远"), required=False)
    division_code = forms.CharField(
        label=_("行政区划代码"),
        max_length=12,
        required=False,
        help_text=_("六位行政区划代码（GB/T 2260），如 110105；可不填。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    @classmethod
    def initial_for(cls, unit: OrgUnit) -> dict:
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "code": unit.code,
            "unit_type": unit.unit_type,
            "is_remote": unit.is_remote,
            "division_code": unit.division.code if unit.division_id else "",
        }

    def clean_division_code(self):
        code = self.cleaned_data["division_code"].strip()
        if not code:
            return None
        division = CodeItem.objects.filter(table=CodeTable.DIVISION, code=code).first()
        if division is None:
            raise forms.ValidationError(_("行政区划代码表中没有“%(code)s”。") % {"code": code})
        return division

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["division"] = data.pop("division_code")
        return data


class MoveForm(_Styled, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_field(user, _("移到此单位之下"))
        self.style()


class MergeForm(_Styled, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = unit_field(
            user,
            _("并入单位"),
            help_text=_("本单位的下级单位、用户账户和其他引用都转到并入单位。"),
        )
        self.fields["cadres_to"] = unit_field(
            user,
            _("干部转入单位"),
            required=False,
            help_text=_("本单位还有干部时必须选择；可以与并入单位相同。"),
        )
        self.style()


class CodeFilterForm(_Styled, forms.Form):
    table = forms.ChoiceField(label=_("代码表"), choices=CodeTable.choices, required=False)
    q = forms.CharField(label=_("代码或名称"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("启用")), ("inactive", _("停用"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CodeCreateForm(_Styled, forms.Form):
    table = forms.ChoiceField(label=_("代码表"), choices=CodeTable.choices)
    code = forms.CharField(label=_("代码"), max_length=12)
    name = forms.CharField(label=_("名称"), max_length=60)
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CodeEditForm(_Styled, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    is_active = forms.BooleanField(
        label=_("启用"), required=False, help_text=_("停用后不能再选用，已有档案照常显示。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class TagForm(_Styled, forms.Form):
    name = forms.CharField(label=_("标签"), max_length=30)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class TagMergeForm(_Styled, forms.Form):
    def __init__(self, *args, tag: Tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = forms.ModelChoiceField(
            queryset=Tag.objects.exclude(pk=tag.pk), label=_("并入标签"), empty_label="—"
        )
        self.style()
