"""管 · care (关心关爱): pages."""

from django.urls import path

from .views import care, care_flags

urlpatterns: list = [
    path("care/", care.care_ledger, name="care_ledger"),
    path("care/export/", care.care_export, name="care_export"),
    path("care/rules/", care_flags.care_rules_edit, name="care_rules"),
    path("care/<int:pk>/", care.care_detail, name="care_detail"),
    path("care/<int:pk>/unmask/", care.care_unmask, name="care_unmask"),
    path("care/<int:pk>/follow-ups/", care.care_follow_up_add, name="care_follow_up_add"),
    path("care/follow-ups/<int:pk>/", care.care_follow_up_record, name="care_follow_up_record"),
    path("care/cadre/<int:cadre_pk>/new/", care.care_case_new, name="care_case_new"),
    path("care/cadre/<int:cadre_pk>/flags/", care_flags.care_flag_set, name="care_flag_set"),
    path("care/flags/<int:pk>/clear/", care_flags.care_flag_clear, name="care_flag_clear"),
]
