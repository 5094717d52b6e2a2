"""Writes of the portals: sites, columns, pages, roles, images and the news workflow.

Sites, columns, pages and roles are managed by the school's admins (the bureau's admins for
the bureau's portal). Articles follow draft → submitted → returned → … → published (now or
scheduled) → unpublished; every editor action is audited. Submitting and publishing screen
the article through `safety` (school portals only: the bureau's portal has no school safety
team, and its writers are bureau staff). Whatever changes a public page drops the portal's
cached pages after commit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from digicampus.accounts.models import User
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.library import services as library
from digicampus.library.choices import FileKind
from digicampus.messaging import services as messaging
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.org.models import Bureau, School
from digicampus.portal.cache import site_changed
from digicampus.portal.choices import (
    AUTHOR_EDITABLE_STATES,
    RESERVED_SLUGS,
    ArticleState,
    ColumnKind,
    SiteRoleKind,
    StudentPhotos,
)
from digicampus.portal.errors import PortalError
from digicampus.portal.html import ascii_slug, sanitise
from digicampus.portal.models import (
    Article,
    Column,
    Page,
    Site,
    SiteFile,
    SiteRole,
)
from digicampus.safety.services import content_screen, posting_check

DEFAULT_COLUMNS = (
    (ColumnKind.NEWS, "news"),
    (ColumnKind.ANNOUNCEMENTS, "announcements"),
    (ColumnKind.ACTIVITIES, "activities"),
    (ColumnKind.CYBER_SAFETY, "cyber-safety"),
    (ColumnKind.PUBLIC_NOTICES, "public-notices"),
)
SITE_FIELDS = ("name", "tagline", "colour", "address", "phone", "email")
FILE_ID = r"/portal/files/(\d+)/"


def _unique_slug(base: str, taken: Callable[[str], bool], *, max_length: int = 80) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free."""
    base = base[: max_length - 6].strip("-")
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _site_audit(actor: User | None, verb: str, target: Any, site: Site, **data: Any) -> None:
    audit.record(actor=actor, verb=verb, target=target, school_id=site.school_id, data=data)


def _column_slug(site: Site, slug: str, name: str, kind: str, exclude: int | None = None) -> str:
    slug = ascii_slug(slug or name) or ascii_slug(kind.replace("_", "-"))
    if slug in RESERVED_SLUGS:
        raise DomainError(
            PortalError.BAD_COLUMN, _("This address is reserved; choose another one.")
        )
    others = Column.objects.filter(site=site, slug=slug).exclude(pk=exclude)
    if others.exists():
        raise DomainError(
            PortalError.BAD_COLUMN, _("Another column of this portal has this address.")
        )
    return slug


@transaction.atomic
def site_create(
    *, actor: User | None, school: School | None = None, bureau: Bureau | None = None
) -> Site:
    """Open the portal of a school or of the bureau, with the usual columns named in the
    active language. With an actor, they must be allowed to (PermissionDenied); without one
    (the demo seed, a command) it runs as the system. DomainError when it already exists."""
    owner: School | Bureau | None = school or bureau
    if owner is None or (school is not None and bureau is not None):
        raise ValueError("A portal belongs to one school or one bureau.")
    if actor is not None:
        permissions.require(actor, "portal.create_site", owner)
    if Site.objects.filter(school=school, bureau=bureau).exists():
        raise DomainError(PortalError.SITE_EXISTS, _("This portal already exists."))
    base = ascii_slug(owner.name, max_length=60) or ascii_slug(owner.code) or f"site-{owner.pk}"
    slug = _unique_slug(base, lambda s: Site.objects.filter(slug=s).exists())
    site = Site(school=school, bureau=bureau, name=owner.name, slug=slug)
    site.full_clean(exclude=["school", "bureau", "logo"])
    site.save()
    Column.objects.bulk_create(
        Column(site=site, name=str(kind.label), slug=slug, kind=kind, position=i * 10)
        for i, (kind, slug) in enumerate(DEFAULT_COLUMNS)
    )
    if actor is not None:
        _site_audit(actor, "portal.site_create", site, site)
    return site


@transaction.atomic
def site_update(*, actor: User, site: Site, logo: Any = None, **fields: Any) -> Site:
    """Change the portal's name, tagline, colour and contacts, and its logo (an uploaded
    image, stored through the library). The school's admins only (PermissionDenied)."""
    permissions.require(actor, "portal.manage_site", site)
    for name in SITE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(site, name, value.strip() if isinstance(value, str) else value)
    if logo is not None:
        site.logo = _store_image(actor=actor, site=site, upload=logo).file
    site.full_clean(exclude=["school", "bureau", "logo"])
    site.save()
    _site_audit(actor, "portal.site_update", site, site)
    site_changed(site.pk)
    return site


@transaction.atomic
def column_create(
    *,
    actor: User,
    site: Site,
    name: str,
    kind: str = ColumnKind.NEWS,
    slug: str = "",
    position: int = 0,
) -> Column:
    """Add a column to the portal: the school's admins (PermissionDenied). Its address is made
    from `slug` or the name; DomainError when it is reserved or taken."""
    permissions.require(actor, "portal.manage_site", site)
    column = Column(
        site=site,
        name=name.strip(),
        kind=kind,
        slug=_column_slug(site, slug, name, kind),
        position=position,
    )
    column.full_clean(exclude=["site"])
    column.save()
    _site_audit(actor, "portal.column_create", column, site)
    site_changed(site.pk)
    return column


@transaction.atomic
def column_update(
    *, actor: User, column: Column, name: str, kind: str, slug: str = "", position: int = 0
) -> Column:
    """Rename, re-address or move a column: the school's admins (PermissionDenied)."""
    site = column.site
    permissions.require(actor, "portal.manage_site", site)
    column.name = name.strip()
    column.kind = kind
    column.slug = _column_slug(site, slug, name, kind, exclude=column.pk)
    column.position = position
    column.full_clean(exclude=["site"])
    column.save()
    _site_audit(actor, "portal.column_update", column, site)
    site_changed(site.pk)
    return column


@transaction.atomic
def site_role_save(*, actor: User, site: Site, user: User, role: str) -> SiteRole:
    """Make a member of the school's staff (the bureau's for its portal) a writer or an
    editor of the portal, or change their role. The school's admins only (PermissionDenied);
    DomainError for someone who does not work there."""
    permissions.require(actor, "portal.manage_site", site)
    scope = permissions.scope_of(user)
    works_there = (
        site.school_id in scope.staff_school_ids
        if site.school_id is not None
        else site.bureau_id in scope.bureau_ids
    )
    if not works_there:
        raise DomainError(
            PortalError.ROLE_OUTSIDE, _("Only staff who work here can write for this portal.")
        )
    site_role, _created = SiteRole.objects.update_or_create(
        site=site, user=user, defaults={"role": role}
    )
    site_role.full_clean(exclude=["site", "user"])
    if hasattr(user, "_dc_site_roles"):
        del user._dc_site_roles
    _site_audit(actor, "portal.role_save", site_role, site, role=role, user_id=user.pk)
    return site_role


@transaction.atomic
def site_role_remove(*, actor: User, site_role: SiteRole) -> None:
    """Take a writer's or editor's role away: the school's admins (PermissionDenied)."""
    site = site_role.site
    permissions.require(actor, "portal.manage_site", site)
    _site_audit(actor, "portal.role_remove", site_role, site, user_id=site_role.user_id)
    site_role.delete()


def _store_image(*, actor: User, site: Site, upload: Any) -> SiteFile:
    stored = library.file_store(
        actor=actor, upload=upload, school=site.school, kinds=(FileKind.IMAGE,)
    )
    return SiteFile.objects.create(site=site, file=stored)


@transaction.atomic
def site_file_store(*, actor: User, site: Site, upload: Any) -> SiteFile:
    """Upload an image for the portal's articles and pages: checked by content and cleaned of
    its location data by the library. Writers and editors (PermissionDenied); DomainError for
    a file that is not an image or too large."""
    permissions.require(actor, "portal.write", site)
    return _store_image(actor=actor, site=site, upload=upload)


def _clean_html(site: Site, body: str) -> tuple[str, set[int]]:
    """The sanitised HTML, keeping only images uploaded to this portal."""
    wanted = {int(pk) for pk in re.findall(FILE_ID, body)}
    mine = SiteFile.objects.filter(site=site, pk__in=wanted).values_list("pk", flat=True)
    return sanitise(body, file_ids=mine if wanted else ())


@transaction.atomic
def page_save(
    *,
    actor: User,
    site: Site,
    title: str,
    body: str,
    slug: str = "",
    published: bool = False,
    page: Page | None = None,
) -> Page:
    """Create or change a static page of the portal: its editors (PermissionDenied); the body
    is sanitised. DomainError when another page has its address."""
    permissions.require(actor, "portal.edit_site", site)
    page = page or Page(site=site)
    page.title = title.strip()
    page.slug = ascii_slug(slug or title) or f"page-{Page.objects.filter(site=site).count() + 1}"
    if Page.objects.filter(site=site, slug=page.slug).exclude(pk=page.pk).exists():
        raise DomainError(
            PortalError.BAD_COLUMN, _("Another page of this portal has this address.")
        )
    page.body, used = _clean_html(site, body)
    page.published = published
    page.full_clean(exclude=["site"])
    page.save()
    page.images.set(used)
    _site_audit(actor, "portal.page_save", page, site, published=published)
    site_changed(site.pk)
    return page


# ---------------------------------------------------------------- articles


def _article_slug(site: Site, title: str, exclude: int | None = None) -> str:
    base = ascii_slug(title) or timezone.localdate().strftime("%Y%m%d")
    others = Article.objects.filter(site=site).exclude(pk=exclude)
    return _unique_slug(base, lambda s: others.filter(slug=s).exists(), max_length=100)


def _article_fields(
    article: Article,
    *,
    column: Column,
    title: str,
    body: str,
    summary: str,
    cover: SiteFile | None,
    share_with_bureau: bool,
    student_photos: str,
) -> set[int]:
    site = article.site
    if column.site_id != site.pk:
        raise DomainError(PortalError.BAD_COLUMN, _("Choose a column of this portal."))
    if cover is not None and cover.site_id != site.pk:
        raise DomainError(PortalError.BAD_IMAGE, _("Choose an image of this portal."))
    article.column = column
    article.title = title.strip()
    article.summary = summary.strip()
    article.body, used = _clean_html(site, body)
    article.cover = cover
    article.share_with_bureau = share_with_bureau and site.school_id is not None
    article.student_photos = student_photos
    article.full_clean(exclude=["site", "column", "author", "cover", "slug"])
    return used


def _require_photo_consent(article: Article, images: set[int]) -> None:
    """A public article may not show students without their parents' consent on record."""
    if article.student_photos == StudentPhotos.NO_CONSENT and (images or article.cover_id):
        raise DomainError(
            PortalError.NO_PHOTO_CONSENT,
            _(
                "The images show students whose parents' consent is not on record: record "
                "the consent or take the images out before publishing."
            ),
        )


@transaction.atomic
def article_create(
    *,
    actor: User,
    site: Site,
    column: Column,
    title: str,
    body: str,
    summary: str = "",
    cover: SiteFile | None = None,
    share_with_bureau: bool = False,
    student_photos: str = StudentPhotos.NONE,
) -> Article:
    """Draft a news article: the portal's writers and editors (PermissionDenied). The body is
    sanitised (only this portal's images are kept); DomainError for a column or cover of
    another portal, ValidationError for an empty title or text."""
    permissions.require(actor, "portal.write", site)
    article = Article(site=site, author=actor, state=ArticleState.DRAFT)
    used = _article_fields(
        article,
        column=column,
        title=title,
        body=body,
        summary=summary,
        cover=cover,
        share_with_bureau=share_with_bureau,
        student_photos=student_photos,
    )
    article.slug = _article_slug(site, article.title)
    article.save()
    article.images.set(used)
    _site_audit(actor, "portal.article_create", article, site)
    return article


@transaction.atomic
def article_update(
    *,
    actor: User,
    article: Article,
    column: Column,
    title: str,
    body: str,
    summary: str = "",
    cover: SiteFile | None = None,
    share_with_bureau: bool = False,
    student_photos: str = StudentPhotos.NONE,
) -> Article:
    """Change an article: its author while it is a draft or returned, an editor any time
    (PermissionDenied). An editor's change to a public article is screened again and shows
    at once."""
    permissions.require(actor, "portal.edit_article", article)
    used = _article_fields(
        article,
        column=column,
        title=title,
        body=body,
        summary=summary,
        cover=cover,
        share_with_bureau=share_with_bureau,
        student_photos=student_photos,
    )
    if article.state in (ArticleState.PUBLISHED, ArticleState.SCHEDULED):
        _require_photo_consent(article, used)
    article.save()
    article.images.set(used)
    _site_audit(actor, "portal.article_update", article, article.site, state=article.state)
    if article.state in (ArticleState.PUBLISHED, ArticleState.SCHEDULED):
        _screen(article, actor)
        site_changed(article.site_id)
    return article


def _screen(article: Article, actor: User) -> None:
    """Screen the article through `safety` on school portals (see the section's note)."""
    if article.site.school_id is None:
        return
    content_screen(content=article, author=article.author or actor)


def _editor_ids(site: Site) -> list[int]:
    from digicampus.accounts.choices import Role
    from digicampus.accounts.models import Membership

    if site.school_id is not None:
        admins = Membership.objects.filter(role=Role.SCHOOL_ADMIN, school_id=site.school_id)
    else:
        admins = Membership.objects.filter(role=Role.BUREAU_ADMIN, bureau_id=site.bureau_id)
    ids = set(admins.values_list("user_id", flat=True))
    ids |= set(
        SiteRole.objects.filter(site=site, role=SiteRoleKind.EDITOR).values_list(
            "user_id", flat=True
        )
    )
    return sorted(ids)


def _notify(
    *, sender: User, site: Site, user_ids: list[int], template: str, title: str, url: str
) -> None:
    """An in-app notification; messaging renders its subject in each reader's language."""
    if not user_ids:
        return
    messaging.notification_create(
        sender=sender,
        kind=NotificationKind.SYSTEM,
        audience={"users": sorted(user_ids)},
        school=site.school,
        bureau=site.bureau,
        template=template,
        params={"title": title},
        url=url,
        channels=[Channel.IN_APP],
    )


def _manage_url(article: Article) -> str:
    return reverse("portal_site:article_edit", args=[article.pk])


def _require_state(article: Article, *states: str) -> None:
    if article.state not in states:
        raise DomainError(
            PortalError.BAD_STATE,
            _("This cannot be done while the article is “%(state)s”.")
            % {"state": article.get_state_display()},
            status=409,
        )


@transaction.atomic
def article_submit(*, actor: User, article: Article) -> Article:
    """The writer sends a draft or returned article to the editors, who are notified. The
    article is screened: held or blocked, it is not published until the safety team releases
    it. PermissionDenied for others; DomainError in another state or when suspended."""
    permissions.require(actor, "portal.edit_article", article)
    _require_state(article, *AUTHOR_EDITABLE_STATES)
    site = article.site
    if site.school is not None:
        posting_check(author=actor, school=site.school)
    article.state = ArticleState.SUBMITTED
    article.save(update_fields=["state", "updated_at"])
    _site_audit(actor, "portal.article_submit", article, site)
    _screen(article, actor)
    _notify(
        sender=actor,
        site=site,
        user_ids=[pk for pk in _editor_ids(site) if pk != actor.pk],
        template="article_submitted",
        title=article.title,
        url=_manage_url(article),
    )
    return article


@transaction.atomic
def article_return(*, actor: User, article: Article, comment: str) -> Article:
    """An editor sends a submitted article back to its writer with a comment, and the writer
    is notified. PermissionDenied for others; DomainError in another state or without a
    comment."""
    permissions.require(actor, "portal.publish", article)
    _require_state(article, ArticleState.SUBMITTED)
    if not comment.strip():
        raise DomainError(
            PortalError.BAD_STATE, _("Tell the writer what to change before returning it.")
        )
    article.state = ArticleState.RETURNED
    article.editor_comment = comment.strip()
    article.save(update_fields=["state", "editor_comment", "updated_at"])
    _site_audit(actor, "portal.article_return", article, article.site, comment=comment.strip())
    if article.author_id and article.author_id != actor.pk:
        _notify(
            sender=actor,
            site=article.site,
            user_ids=[article.author_id],
            template="article_returned",
            title=article.title,
            url=_manage_url(article),
        )
    return article


@transaction.atomic
def article_publish(
    *, actor: User, article: Article, publish_at: datetime | None = None
) -> Article:
    """An editor publishes an article now, or schedules it when `publish_at` is in the
    future (public from then on, whether or not the periodic task has run). The article is
    screened; held or blocked, it stays out of public pages until the safety team releases
    it. PermissionDenied for others; DomainError when it is already published."""
    permissions.require(actor, "portal.publish", article)
    _require_state(
        article,
        ArticleState.DRAFT,
        ArticleState.SUBMITTED,
        ArticleState.RETURNED,
        ArticleState.SCHEDULED,
        ArticleState.UNPUBLISHED,
    )
    _require_photo_consent(article, set(article.images.values_list("pk", flat=True)))
    now = timezone.now()
    if publish_at is not None and publish_at > now:
        article.state = ArticleState.SCHEDULED
        article.publish_at = publish_at
        article.published_at = publish_at
    else:
        article.state = ArticleState.PUBLISHED
        article.publish_at = None
        article.published_at = now
    article.editor_comment = ""
    article.save(
        update_fields=["state", "publish_at", "published_at", "editor_comment", "updated_at"]
    )
    _site_audit(
        actor,
        "portal.article_publish",
        article,
        article.site,
        publish_at=article.publish_at.isoformat() if article.publish_at else None,
    )
    _screen(article, actor)
    site_changed(article.site_id)
    if article.author_id and article.author_id != actor.pk:
        _notify(
            sender=actor,
            site=article.site,
            user_ids=[article.author_id],
            template="article_published",
            title=article.title,
            url=article.get_absolute_url(),
        )
    return article


@transaction.atomic
def article_unpublish(*, actor: User, article: Article) -> Article:
    """An editor takes a published or scheduled article off the portal (it is kept, and may
    be published again). PermissionDenied for others; DomainError in another state."""
    permissions.require(actor, "portal.publish", article)
    _require_state(article, ArticleState.PUBLISHED, ArticleState.SCHEDULED)
    article.state = ArticleState.UNPUBLISHED
    article.save(update_fields=["state", "updated_at"])
    _site_audit(actor, "portal.article_unpublish", article, article.site)
    site_changed(article.site_id)
    return article


@transaction.atomic
def articles_publish_due(*, now: datetime | None = None) -> int:
    """Mark scheduled articles whose time has come as published (the periodic task). Readers
    already see them from `publish_at` on; this keeps states and cached pages current."""
    now = now or timezone.now()
    due = Article.objects.filter(state=ArticleState.SCHEDULED, publish_at__lte=now)
    site_ids = set(due.values_list("site_id", flat=True))
    count = due.update(state=ArticleState.PUBLISHED, publish_at=None)
    for site_id in site_ids:
        site_changed(site_id)
    return count


def article_view_count(*, article_id: int) -> None:
    """Count one reading of a public article: a single UPDATE … SET views = views + 1, no
    read, no lock held beyond the statement."""
    Article.objects.filter(pk=article_id).update(views=F("views") + 1)
