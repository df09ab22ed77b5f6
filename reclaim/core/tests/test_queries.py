"""core.queries: counts read together in one statement agree with QuerySet.count(); a row-by-row check keeps the
rows `IN` keeps; `first_rows` reads the same page as a slice of the sorted query."""

from __future__ import annotations

import uuid

from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from reclaim.core.models import Term, Vocabulary
from reclaim.core.queries import Counted, checked_row_by_row, count_of, count_together, first_rows, read_together


def test_counts_read_together_agree_with_count_in_one_statement(db, django_assert_num_queries):
    # given a vocabulary with four terms, two of them "green"
    vocabulary = Vocabulary.objects.create(code="test-colours", name="Colours")
    for sort, label in enumerate(["red", "green", "blue", "green"]):
        Term.objects.create(vocabulary=vocabulary, code=f"c{sort}", label=label, sort=sort)
    terms = Term.objects.filter(vocabulary=vocabulary)
    # when every count is read beside the vocabulary's row
    with django_assert_num_queries(1):
        found = read_together(
            Vocabulary.objects.filter(pk=vocabulary.pk),
            every=count_of(terms),
            green=count_of(terms.filter(label="green")),
            distinct=count_of(terms.filter(vocabulary__terms__label="green").distinct()),
            first_green=count_of(terms.order_by("sort").filter(label="green"), limit=1),
            first_three=count_of(terms.order_by("sort"), limit=3),
            nothing=count_of(terms.none()),
        )
    # then each is what .count() says
    assert found == {
        "every": 4,
        "green": 2,
        "distinct": 4,
        "first_green": 1,
        "first_three": 3,
        "nothing": 0,
    }
    assert found["distinct"] == terms.filter(vocabulary__terms__label="green").distinct().count()


def test_counted_together_agree_with_count_in_one_statement(db, django_assert_num_queries):
    # given a vocabulary with four terms, two of them "green", and one term in another vocabulary
    vocabulary = Vocabulary.objects.create(code="test-colours", name="Colours")
    for sort, label in enumerate(["red", "green", "blue", "green"]):
        Term.objects.create(vocabulary=vocabulary, code=f"c{sort}", label=label, sort=sort)
    other = Vocabulary.objects.create(code="test-shapes", name="Shapes")
    Term.objects.create(vocabulary=other, code="s0", label="green", sort=0)
    terms = Term.objects.filter(vocabulary=vocabulary)
    green = Q(label="green")
    # when each part's rows, and those of its subset, are counted together
    with django_assert_num_queries(1):
        found = count_together(
            [
                Counted(terms, subset=green),
                Counted(terms.none(), subset=green),
                Counted(terms.order_by("sort"), subset=green, limit=2),
                Counted(terms.filter(vocabulary__terms__label="green").distinct(), subset=Q(sort__gte=2)),
                Counted(Vocabulary.objects.filter(pk=other.pk)),
                Counted(Term.objects.filter(vocabulary=other), subset=green),
            ]
        )
    # then each pair is what .count() says, in the order given; an empty part is zeros
    assert found == [(4, 2), (0, 0), (2, 1), (4, 2), (1, 0), (1, 1)]
    assert found[3][0] == terms.filter(vocabulary__terms__label="green").distinct().count()


def test_nothing_to_count_is_no_statement(db, django_assert_num_queries):
    # given only empty parts
    parts = [Counted(Term.objects.none(), subset=Q(label="green"))]
    # when they are counted, then the database is not asked
    with django_assert_num_queries(0):
        assert count_together(parts) == [(0, 0)]


def test_a_row_by_row_check_keeps_the_rows_of_the_listed_parents_and_stays_a_scalar_subquery(db):
    # given three vocabularies with two terms each, two of them listed
    vocabularies = [Vocabulary.objects.create(code=f"test-v{n}", name=f"V{n}") for n in range(3)]
    for vocabulary in vocabularies:
        for sort in range(2):
            Term.objects.create(vocabulary=vocabulary, code=f"t{sort}", label="x", sort=sort)
    listed = Vocabulary.objects.filter(pk__in=[vocabularies[0].pk, vocabularies[2].pk])
    mine = Term.objects.filter(vocabulary__code__startswith="test-v")
    # when the terms are filtered by a row-by-row check of their vocabulary
    checked = mine.filter(checked_row_by_row(listed, "vocabulary_id"))
    # then they are the terms of the listed vocabularies, as `IN` gives them
    assert set(checked.values_list("pk", flat=True)) == set(
        mine.filter(vocabulary__in=listed).values_list("pk", flat=True)
    )
    assert checked.count() == 4
    # and the check is a scalar subquery, which PostgreSQL keeps as a check on each row (an EXISTS or an IN it may
    # turn into a join that leads with the listed rows)
    sql = str(checked.query).upper()
    assert "IS NOT NULL" in sql
    assert "EXISTS" not in sql
    # and an empty list keeps nothing
    assert not mine.filter(checked_row_by_row(Vocabulary.objects.none(), "vocabulary_id")).exists()


def test_first_rows_is_the_slice_of_the_sorted_query_with_its_values_converted(db, django_assert_num_queries):
    # given a vocabulary with seven terms whose labels repeat, and a term of another vocabulary
    vocabulary = Vocabulary.objects.create(code="test-colours", name="Colours")
    for sort, label in enumerate(["red", "green", "blue", "green", "red", "amber", "green"]):
        Term.objects.create(vocabulary=vocabulary, code=f"c{sort}", label=label, sort=sort)
    Term.objects.create(vocabulary=Vocabulary.objects.create(code="test-shapes", name="Shapes"), code="s", label="a")
    terms = Term.objects.filter(vocabulary=vocabulary).annotate(shown=Concat(F("label"), Value("!")))
    fields = ("shown", "vocabulary_id", "code")
    order = ("label", "-sort", "pk")  # sorted by names that are not among the fields
    whole = [tuple(row) for row in terms.order_by(*order).values_list(*fields)]
    # when pages of it are read, then each is the slice of the whole, in one statement, values as values_list has them
    for offset, limit in [(0, 3), (2, 3), (5, 10), (7, 3), (0, 100)]:
        with django_assert_num_queries(1) as captured:
            page = first_rows(terms, fields, order, limit=limit, offset=offset)
        assert page == whole[offset : offset + limit]
    # on PostgreSQL, the query is planned whole behind OFFSET 0 and sorted and cut outside it
    fenced = "OFFSET 0) AS fenced ORDER BY" in captured.captured_queries[0]["sql"]
    assert fenced == (connection.vendor == "postgresql")
    assert whole[0] == ("amber!", vocabulary.pk, "c5")
    assert isinstance(first_rows(terms, fields, order, limit=1)[0][1], uuid.UUID)
    # and a query that cannot match anything asks nothing
    with django_assert_num_queries(0):
        assert first_rows(terms.filter(pk__in=[]), fields, order, limit=3) == []
