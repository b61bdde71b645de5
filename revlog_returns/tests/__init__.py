from . import (
    test_approval,
    test_batch,
    test_eligibility,
    test_history,
    test_inspection,
    test_integrity,
    test_multi_company,
    test_portal,
    test_quantity,
    test_seams,
    test_tours,
    test_wizard,
)
