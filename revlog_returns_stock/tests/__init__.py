from . import (
    test_batch,
    test_disposition,
    test_outcomes,
    test_receipt,
    test_resolution,
    test_seams,
    test_tours,
    test_warehouse,
)
