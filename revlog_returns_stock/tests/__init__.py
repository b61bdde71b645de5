from . import test_batch, test_disposition, test_receipt, test_tours, test_warehouse
