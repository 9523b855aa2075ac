"""A job is its starter's alone: nobody else sees it, its progress or its file."""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.core.models import Job

scoping.register(Job, lambda user: Q(actor=user))
