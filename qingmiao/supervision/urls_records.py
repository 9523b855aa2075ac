"""管 · the growth record (成长纪实档案) timeline, fitness reviews
(适岗情况与能力水平分析), the record as .docx and PDF: pages.
"""

from django.urls import path

from .views import fitness, growth

urlpatterns: list = [
    path("records/mine/", growth.my_growth_record, name="my_growth_record"),
    path("records/<int:pk>/", growth.growth_record, name="growth_record"),
    path("records/<int:pk>/export/<str:fmt>/", growth.growth_export, name="growth_export"),
    path("fitness/", fitness.fitness_list, name="fitness_list"),
    path("fitness/export/", fitness.fitness_export, name="fitness_export"),
    path("fitness/<int:pk>/", fitness.fitness_record, name="fitness_record"),
    path("fitness/schedules/", fitness.schedule_list, name="fitness_schedules"),
]
