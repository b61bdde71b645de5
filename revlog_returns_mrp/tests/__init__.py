from . import test_kit
