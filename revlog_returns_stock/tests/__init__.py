from . import test_batch, test_disposition, test_receipt, test_warehouse
