from . import (
    test_batch,
    test_books,
    test_company_setups,
    test_credit_note,
    test_demo_roles,
    test_outcomes,
    test_provision,
    test_resolution,
    test_seams,
    test_tours,
    test_writedown,
)
