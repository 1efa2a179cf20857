"""The pricing core: plain functions on plain values, with no Django inside.

``money`` rounds and formats pounds, ``years`` names financial years,
``tariffs`` finds the price in force on a date, ``care`` prices service use
into a cost of care, ``indicative`` works out indicative budgets and
``signoff`` applies the 15% rule. Models, forms, views, serializers and tasks
call these; none of them is called back.
"""
