from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from qingmiao.accounts import scoping

from .models import CodeItem, OrgUnit, Tag


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ("name", "code", "unit_type", "is_remote")
    list_filter = ("unit_type", "is_remote")
    search_fields = ("name", "code")
    autocomplete_fields = ("division",)

    def get_queryset(self, request):
        # The admin goes through the same scoping layer as every page.
        return scoping.visible(request.user, super().get_queryset(request))


@admin.register(CodeItem)
class CodeItemAdmin(admin.ModelAdmin):
    list_display = ("table", "code", "name", "short_name", "form_name", "is_active")
    list_filter = ("table", "is_active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False  # records point at codes; retire a code with is_active instead


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "description")
    search_fields = ("name",)
