from django.contrib.auth.backends import ModelBackend

from .roles import capabilities


class RoleBackend(ModelBackend):
    """Password authentication plus permissions derived from the user's single role.

    Per-user and per-group permissions are deliberately ignored: a role is the only source
    of capability, which keeps the 三权分立 separation checkable in one table (roles.py).
    """

    def get_user(self, user_id):
        # The user's unit comes with the user: every page's scope and top bar need it, so it
        # costs no query of its own.
        UserModel = self._user_model()
        try:
            user = UserModel._default_manager.select_related("org_unit").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()

    def get_all_permissions(self, user_obj, obj=None):
        return set(self._capabilities(user_obj, obj))

    @staticmethod
    def _capabilities(user_obj, obj=None) -> frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return frozenset()
        # Worked out once per role, not on every permission check of a page.
        kept = getattr(user_obj, "_qm_capabilities", None)
        if kept is None or kept[0] != user_obj.role:
            kept = user_obj._qm_capabilities = (
                user_obj.role,
                frozenset(capabilities(user_obj.role)),
            )
        return kept[1]

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        # A page checks a dozen permissions: no copy of the set for each.
        return perm in self._capabilities(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(app_label + ".") for p in self._capabilities(user_obj))
