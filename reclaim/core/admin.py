"""Reference vocabularies in the configuration admin, view only: the standard's terms never change, and agency
terms are added and retired in the app, where each change is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from reclaim.core.models import Term, Vocabulary

if TYPE_CHECKING:
    from django.http import HttpRequest


class TermInline(admin.TabularInline[Term, Vocabulary]):
    model = Term
    fields = ("code", "label", "agency", "sort", "introduced_in", "retired")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin[Vocabulary]):
    list_display = ("code", "name", "standard", "standard_version", "multiple")
    search_fields = ("code", "name")
    readonly_fields = ("code", "name", "standard", "standard_version", "multiple")
    inlines = (TermInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vocabularies arrive by data migration, with the standard's version

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Term)
class TermAdmin(admin.ModelAdmin[Term]):
    list_display = ("code", "label", "vocabulary", "agency", "retired")
    list_filter = ("vocabulary", "retired")
    search_fields = ("code", "label")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # view only: the standard's terms never change; agency terms change in the app (audited)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # agency admins add their terms in the app, where it is audited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire instead: stored records keep their codes
