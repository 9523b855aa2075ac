from django.contrib.auth.backends import ModelBackend

from .roles import capabilities


class RoleBackend(ModelBackend):
    """Password authentication plus permissions derived from the user's single role.

    Per-user and per-group permissions are deliberately ignored: a role is the only source
    of capability, which keeps the 三权分立 separation checkable in one table (roles.py).
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(capabilities(user_obj.role))

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj))
