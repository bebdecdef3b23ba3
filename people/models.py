"""Person and Organisation, each with the aliases (other spellings) officers have confirmed."""
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .names import normalise_name, person_sort_key


def unique_slug(model, text: str, *, instance_pk=None, max_length: int = 200) -> str:
    """A slug for `text` not yet used by another row of `model` ("jo-smith", "jo-smith-2", ...)."""
    base = (slugify(text) or "unnamed")[: max_length - 6]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slugs(model, texts: list[str], *, max_length: int = 200) -> list[str]:
    """`unique_slug` for many new rows at once (the import's bulk create): one query, no two alike."""
    bases = [(slugify(text) or "unnamed")[: max_length - 6] for text in texts]
    if not bases:
        return []
    starts = models.Q()
    for base in set(bases):
        starts |= models.Q(slug__startswith=base)
    taken = set(model.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisation_detail", kwargs={"slug": self.slug})


class OrganisationAlias(models.Model):
    """Another spelling of an organisation seen in minutes ("SBC", "Stockton Council")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    # The matching key; unique, so one spelling can never point at two organisations.
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "organisation aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)


class Person(models.Model):
    name = models.CharField(max_length=200, help_text="Full name as usually written, without title.")
    honorific = models.CharField(max_length=50, blank=True, help_text="Cllr, Mrs, Insp, ...")
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    # The A–Z order: surname, then given names, without honorifics (names.person_sort_key). Kept by
    # save() and by every bulk create (Person.build), so lists sort in the database.
    sort_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()

    @classmethod
    def build(cls, **fields) -> "Person":
        """An unsaved Person with its sort key set, for bulk_create (which never calls save())."""
        return cls(**fields, sort_name=person_sort_key(fields.get("name", "")))

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, instance_pk=self.pk)
        self.sort_name = person_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person_detail", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    """Another spelling of a person's name seen in minutes ("Sarah Bowman-Abuna")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)


class SlugRedirect(models.Model):
    """The address of a person or organisation merged into another, kept so old links still work.

    meetings/merges.py writes one when it folds a duplicate into the record kept (and removes it when
    the merge is undone); the person and organisation pages look here only when a slug is not found,
    and answer with a permanent redirect to the record kept, if the reader may see it.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_slug = models.SlugField(max_length=200)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="slug_redirects")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_slug_redirect"),
            models.CheckConstraint(
                condition=(models.Q(kind="person", person__isnull=False, organisation__isnull=True)
                           | models.Q(kind="organisation", organisation__isnull=False, person__isnull=True)),
                name="slug_redirect_has_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.old_slug} -> {self.person or self.organisation}"
