"""What the search index knows about an item besides its text, and users' saved searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchDocument(models.Model):
    """Filterable attributes of an indexed item. The text lives in the backend's own index
    (an FTS5 table on SQLite, tsvector columns of this table on PostgreSQL)."""

    item = models.OneToOneField(
        "newsroom.Item", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    outlet_id = models.BigIntegerField()
    desk_id = models.BigIntegerField(null=True)
    type = models.CharField(max_length=10)
    state = models.CharField(max_length=12)
    language = models.CharField(max_length=10)
    urgency = models.PositiveSmallIntegerField()
    author_id = models.BigIntegerField()
    date = models.DateTimeField(help_text="Published time, else last change")
    headline_folded = models.CharField(max_length=512, help_text="For type-ahead suggestions")
    subjects = models.TextField(
        default="",
        blank=True,
        help_text="Topic codes, broader ones included, space-separated (the topic facet)",
    )

    class Meta:
        indexes = [
            models.Index(fields=["-date", "-item"], name="search_doc_date_idx"),
            models.Index(fields=["outlet_id", "state"], name="search_doc_outlet_idx"),
            models.Index(fields=["headline_folded"], name="search_doc_headline_idx"),
        ]

    def __str__(self) -> str:
        return f"doc {self.item_id}"


class SearchSubject(models.Model):
    """A Media Topic of an indexed item, broader ones included (a topic finds its narrower).

    SQLite's topic filter reads it. PostgreSQL writes none: its GIN index finds a topic's
    lexeme in tsv_all, and the filter checks the document's own list (SearchDocument.subjects)."""

    item_id = models.BigIntegerField()
    code = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item_id", "code"], name="search_subject_unique")
        ]
        indexes = [models.Index(fields=["code", "item_id"], name="search_subject_code_idx")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.code}"


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    alert = models.BooleanField(default=False, help_text="Tell me when a new item matches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
