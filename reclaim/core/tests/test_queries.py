"""core.queries: counts read together in one statement agree with QuerySet.count()."""

from __future__ import annotations

from reclaim.core.models import Term, Vocabulary
from reclaim.core.queries import count_of, read_together


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
