"""The curriculum's staff forms. They collect plain data; the services decide (their refusals are
put on these forms by field). The organizer is the user's own unit on the pages (the API may
name another unit of their subtree)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Course, Lecturer, Session, SiteRoute, StudyTrip, Topic, TrainingBase
from ..selectors import curriculum as selectors

_HOURS = {"max_digits": 6, "decimal_places": 1}
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _hours_field(label, required=True, help_text=""):
    # No minimum here: the service refuses a negative number in the same words as the API.
    return forms.DecimalField(label=label, required=required, help_text=help_text, **_HOURS)


class _CatalogueForm(forms.ModelForm):
    m2m_fields: tuple[str, ...] = ()
    # {field: model}: choices limited to what the user manages.
    choice_fields: dict = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in self.choice_fields.items():
            if name in self.fields:
                qs = selectors.choices(user, model)
                current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                if current and name not in self.m2m_fields:
                    # An archived base stays offered on a session that already uses it.
                    qs = (qs | model._default_manager.filter(pk=current)).distinct()
                self.fields[name].queryset = qs.order_by("name" if model != Course else "title")
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
        for name in self.m2m_fields:
            if name == "programs" and name in self.fields:
                self.fields[name].queryset = selectors.program_choices(user)
            if name == "tracks" and name in self.fields:
                self.fields[name].queryset = selectors.track_choices(user)
                self.fields[name].label_from_instance = lambda t: f"{t.program.name} · {t.name}"

    def _post_clean(self):
        # The form only parses: the services validate the record (ranges, order of dates,
        # unique names) in the words the API uses too, and change the instance themselves.
        pass

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.m2m_fields}

    def m2m_data(self) -> dict:
        return {k: self.cleaned_data.get(k, []) for k in self.m2m_fields}


class TopicForm(_CatalogueForm):
    class Meta:
        model = Topic
        fields = ["name", "description", "sort"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LecturerForm(_CatalogueForm):
    class Meta:
        model = Lecturer
        fields = ["name", "kind", "affiliation", "title"]


class BaseForm(_CatalogueForm):
    class Meta:
        model = TrainingBase
        fields = ["name", "field", "address", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RouteForm(_CatalogueForm):
    m2m_fields = ("bases",)
    choice_fields = {"bases": TrainingBase}

    class Meta:
        model = SiteRoute
        fields = ["name", "stops", "bases"]
        widgets = {
            "stops": forms.Textarea(attrs={"rows": 3}),
            "bases": forms.CheckboxSelectMultiple,
        }


class CourseForm(_CatalogueForm):
    credit_hours = _hours_field(_("学时"))
    m2m_fields = ("lecturers", "programs", "tracks")
    choice_fields = {"topic": Topic, "lecturers": Lecturer}

    class Meta:
        model = Course
        fields = [
            "topic",
            "title",
            "credit_hours",
            "lecturers",
            "programs",
            "tracks",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "lecturers": forms.SelectMultiple(attrs={"size": 6}),
            "programs": forms.CheckboxSelectMultiple,
            "tracks": forms.SelectMultiple(attrs={"size": 6}),
        }


class SessionForm(_CatalogueForm):
    credit_hours = _hours_field(_("学时"), required=False, help_text=_("不填则按课程学时计。"))
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=_DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=_DATETIME)
    m2m_fields = ("programs",)
    choice_fields = {"course": Course, "base": TrainingBase, "route": SiteRoute}

    class Meta:
        model = Session
        fields = [
            "course", "title", "mode", "starts_at", "ends_at", "place", "base", "route",
            "credit_hours", "programs", "status",
        ]  # fmt: skip
        widgets = {"programs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]  # a new session is planned


class TripForm(_CatalogueForm):
    credit_hours = _hours_field(_("学时"))
    start_date = forms.DateField(label=_("开始日期"), widget=_DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=_DATE)

    class Meta:
        model = StudyTrip
        fields = [
            "program", "batch", "title", "destinations", "start_date", "end_date",
            "credit_hours",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["program"].queryset = selectors.program_choices(user)
