"""Psychometrics for Vardag's conditions questionnaire: pure Python, never imports Django.

Scale scores, reliability (Cronbach's alpha, McDonald's omega), item statistics, group and
round comparisons, and small-group suppression. Methods and references: docs/psychometrics.md.
"""

from vardag.psychometrics._data import ConfidenceInterval
from vardag.psychometrics.comparisons import (
    EffectSize,
    GroupMean,
    TwoGroupComparison,
    WelchAnovaResult,
    compare_groups,
    compare_rounds,
    hedges_g,
    welch_anova,
)
from vardag.psychometrics.items import ItemStatistic, item_statistics
from vardag.psychometrics.reliability import (
    AlphaResult,
    OmegaResult,
    alpha_from_covariance,
    cronbach_alpha,
    feldt_interval,
    mcdonald_omega,
    one_factor_minres,
)
from vardag.psychometrics.scoring import (
    DEFAULT_MIN_ANSWERED_SHARE,
    MeanEstimate,
    ScaleScores,
    mean_with_ci,
    reverse_scored,
    scale_scores,
)
from vardag.psychometrics.suppression import (
    DEFAULT_THRESHOLD,
    SuppressionResult,
    suppress_small_groups,
)
from vardag.psychometrics.table_suppression import TableSuppression, suppress_table

__all__ = [
    "DEFAULT_MIN_ANSWERED_SHARE",
    "DEFAULT_THRESHOLD",
    "AlphaResult",
    "ConfidenceInterval",
    "EffectSize",
    "GroupMean",
    "ItemStatistic",
    "MeanEstimate",
    "OmegaResult",
    "ScaleScores",
    "SuppressionResult",
    "TableSuppression",
    "TwoGroupComparison",
    "WelchAnovaResult",
    "alpha_from_covariance",
    "compare_groups",
    "compare_rounds",
    "cronbach_alpha",
    "feldt_interval",
    "hedges_g",
    "item_statistics",
    "mcdonald_omega",
    "mean_with_ci",
    "one_factor_minres",
    "reverse_scored",
    "scale_scores",
    "suppress_small_groups",
    "suppress_table",
    "welch_anova",
]
