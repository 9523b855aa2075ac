"""管 · care flags and care actions (关心关爱) with follow-ups; sensitive,
audited on every view: pages.
"""

urlpatterns: list = []
