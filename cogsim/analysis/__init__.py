"""Analysis: signal detection, reference data, signature tests, the naming profile,
case–control statistics, figures.

分析：信号検出、参照データ、徴候テスト、呼称プロフィール、事例対照統計、図。
"""

from .figures import plot_colour, plot_matching, plot_naming_profile, plot_naming_table, plot_verification
from .generalisation import compare_views
from .baselines import (BASELINES, Baseline, diagnostic_status, get_baseline, list_baselines, matched_replacement,
                        register_baseline, undifferentiated_decline)
from .profile import (DIGITISATION_ERROR, INFORMATIVE, NAMING_EFFECTS, compare_naming, describe_naming_fit,
                      naming_effects, naming_profile, naming_rmse, naming_rmse_interval)
from .reference import REFERENCE_COLUMNS, RESPONSE_CLASSES, check_reference, load_rogers2004, load_signatures
from .sdt import d_prime, verification_summary
from .signatures import (STAGES, SignatureCheck, SignatureContext, add_stages, check_signature_table,
                         evaluate_signatures, get_signature_check, list_signature_checks, register_signature_check,
                         severity_stages)
from .singlecase import (SingleCaseResult, bayesian_deficit, bayesian_standardised_difference, case_control_table,
                         crawford_howell, revised_standardised_difference, unstandardised_difference)

__all__ = ["Baseline", "register_baseline", "list_baselines", "get_baseline", "SignatureCheck", "SignatureContext",
           "register_signature_check", "list_signature_checks", "get_signature_check", "check_signature_table",
           "check_reference", "REFERENCE_COLUMNS", "d_prime", "verification_summary", "load_rogers2004", "load_signatures", "RESPONSE_CLASSES",
           "STAGES", "severity_stages", "add_stages", "evaluate_signatures", "naming_profile", "compare_naming",
           "naming_rmse", "naming_rmse_interval", "describe_naming_fit", "naming_effects", "NAMING_EFFECTS", "INFORMATIVE",
           "DIGITISATION_ERROR", "compare_views", "BASELINES", "undifferentiated_decline", "matched_replacement", "diagnostic_status", "SingleCaseResult", "crawford_howell", "bayesian_deficit", "unstandardised_difference",
           "revised_standardised_difference", "bayesian_standardised_difference", "case_control_table",
           "plot_verification", "plot_naming_table", "plot_colour", "plot_naming_profile", "plot_matching"]
