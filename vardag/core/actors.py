"""The type of the person who acts: `actor` in every service and selector.

`Actor` is the project's user model (vardag.accounts.models.User), named without importing the
accounts app (core lies below it in the import-linter layers): django-stubs' mypy plugin resolves
`django.contrib.auth.models._User` to `settings.AUTH_USER_MODEL`. A Protocol listing the
attributes services use was the alternative, but mypy could then not check what services do
with the actor beyond those attributes: store it in a foreign key (`initiator=actor`), pass it to
queries (`user=actor`) or to another app's service; with the model itself every such use is
checked. The name exists only for type checking (annotations are strings here, through
`from __future__ import annotations`); at run time it is `Any`.

`AnyActor` also admits someone not signed in (`AnonymousUser`), for reads that answer them;
where the system acts (a scheduled job) a service takes `Actor | None`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

    Actor: TypeAlias = _User
    AnyActor: TypeAlias = _AnyUser
else:
    Actor = Any
    AnyActor = Any

__all__ = ["Actor", "AnyActor", "request_actor"]


def request_actor(request: HttpRequest) -> Actor:
    """The person behind a request that has passed authentication (the API's `auth`, or
    `login_required`): typed as the user model for the services and selectors it is passed to.
    Nothing is checked here; the authentication in front of the view did that."""
    return cast("Actor", request.user)
