from . import (
    test_approval,
    test_batch,
    test_eligibility,
    test_inspection,
    test_multi_company,
    test_portal,
    test_quantity,
    test_tours,
    test_wizard,
)
