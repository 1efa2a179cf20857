"""The care clusters of the mental health clustering tool, with their maximum review periods.

Cluster 9 is not used. A commissioner sets each cluster's annual cost per
financial year; the clusters themselves are national and loaded by a
migration.
"""

# number, name, description, maximum review period in weeks
CARE_CLUSTERS: tuple[tuple[int, str, str, int], ...] = (
    (
        0,
        "Variance",
        "Definite mental health need that does not fit the other clusters "
        "(for example autism or Asperger’s).",
        26,
    ),
    (
        1,
        "Common mental health problems (low severity)",
        "Mild anxiety, depression or sleep problems; problems that need little intervention.",
        12,
    ),
    (
        2,
        "Common mental health problems (low severity with greater need)",
        "Mild to moderate anxiety or depression that has not responded to first treatment.",
        15,
    ),
    (
        3,
        "Non-psychotic (moderate severity)",
        "Moderate problems of depression, anxiety or other non-psychotic disorders.",
        26,
    ),
    (
        4,
        "Non-psychotic (severe)",
        "Severe depression and/or anxiety, or other increasingly complex needs.",
        26,
    ),
    (
        5,
        "Non-psychotic (very severe)",
        "Severe depression and/or anxiety, with a risk of self-harm or neglect.",
        26,
    ),
    (
        6,
        "Non-psychotic disorders of overvalued ideas",
        "Moderate to very severe disorders that are difficult to treat, such as eating disorders.",
        26,
    ),
    (
        7,
        "Enduring non-psychotic disorders (high disability)",
        "Moderate to severe disorders that are long-standing and disabling.",
        52,
    ),
    (
        8,
        "Non-psychotic chaotic and challenging disorders",
        "Wide-ranging, chaotic and challenging behaviour; often a personality disorder.",
        52,
    ),
    (
        10,
        "First episode psychosis",
        "A first presentation with mild to severe psychotic symptoms.",
        52,
    ),
    (
        11,
        "Ongoing recurrent psychosis (low symptoms)",
        "A history of psychotic symptoms, currently controlled and causing minor problems.",
        52,
    ),
    (
        12,
        "Ongoing or recurrent psychosis (high disability)",
        "A history of psychotic symptoms with a significant disability.",
        52,
    ),
    (
        13,
        "Ongoing or recurrent psychosis (high symptom and disability)",
        "A history of psychotic symptoms that are not controlled, with severe problems.",
        52,
    ),
    (14, "Psychotic crisis", "Increasing psychotic symptoms and a severe problem: a crisis.", 4),
    (
        15,
        "Severe psychotic depression",
        "Depression with psychotic symptoms and a risk of harm.",
        4,
    ),
    (
        16,
        "Dual diagnosis (substance abuse and mental illness)",
        "Enduring, moderate to severe psychotic or non-psychotic disorders with substance misuse.",
        26,
    ),
    (
        17,
        "Psychosis and affective disorder difficult to engage",
        "Moderate to severe psychotic symptoms with unstable, chaotic lifestyles; hard to engage.",
        26,
    ),
    (
        18,
        "Cognitive impairment (low need)",
        "Early cognitive impairment or dementia, with mild problems.",
        52,
    ),
    (
        19,
        "Cognitive impairment or dementia complicated (moderate need)",
        "Cognitive impairment or dementia with moderate problems, including behaviour.",
        26,
    ),
    (
        20,
        "Cognitive impairment or dementia complicated (high need)",
        "Cognitive impairment or dementia with high needs or risk.",
        26,
    ),
    (
        21,
        "Cognitive impairment or dementia (high physical or engagement)",
        "Cognitive impairment or dementia with high physical needs or hard to engage.",
        26,
    ),
)
