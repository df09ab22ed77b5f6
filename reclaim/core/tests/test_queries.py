"""core.queries: counts read together in one statement agree with QuerySet.count()."""

from __future__ import annotations

from django.db.models import Q

from reclaim.core.models import Term, Vocabulary
from reclaim.core.queries import Counted, count_of, count_together, read_together


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
