# the mixins first: the models below inherit from them
from . import (
    revlog_customer_mail_mixin,
    revlog_input_mixin,
    revlog_outcome_mixin,
    revlog_sla_mixin,
    revlog_workflow_mixin,
)

# isort: split
from . import (
    ir_sequence,
    product_template,
    res_company,
    res_config_settings,
    revlog_dashboard,
    revlog_disposition_rule,
    revlog_grade,
    revlog_inspection,
    revlog_inspection_answer,
    revlog_inspection_criterion,
    revlog_inspection_template,
    revlog_mass_action,
    revlog_policy_engine,
    revlog_policy_engine_resolution,
    revlog_policy_engine_trace,
    revlog_return,
    revlog_return_line,
    revlog_return_line_quantity,
    revlog_return_policy,
    revlog_return_policy_refund,
    revlog_return_reason,
    revlog_return_workflow,
    sale_order,
    sale_order_line,
)
