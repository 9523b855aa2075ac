"""Derived care flags follow the record: a cadre saved (or their family members changed) has
their flags derived again in the same transaction (imported from apps.ready())."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qingmiao.cadres.models import Cadre, FamilyMember


@receiver(post_save, sender=Cadre, dispatch_uid="supervision-care-flags-cadre")
def _cadre_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from .services.care_flags import flags_refresh

        flags_refresh([instance.pk])


@receiver(post_save, sender=FamilyMember, dispatch_uid="supervision-care-flags-family")
@receiver(post_delete, sender=FamilyMember, dispatch_uid="supervision-care-flags-family-gone")
def _family_changed(sender, instance, raw=False, **kwargs):
    if not raw and Cadre.objects.filter(pk=instance.cadre_id).exists():
        from .services.care_flags import flags_refresh

        flags_refresh([instance.cadre_id])
