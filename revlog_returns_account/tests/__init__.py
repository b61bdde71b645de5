from . import test_batch, test_credit_note, test_tours, test_writedown
