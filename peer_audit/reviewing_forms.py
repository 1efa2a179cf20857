"""The reviewer's audit form: per question an answer and a comment, the overall rating and
comments, and the revision the page was read at (a save from a stale copy is refused)."""

from collections.abc import Iterable, Mapping

from django import forms

from common.forms import NHSUKFormMixin
from peer_audit.auditing import AnswerInput
from peer_audit.findings import ANSWER_LABELS, RATING_LABELS
from peer_audit.models import Question

COMMENT_LENGTH = 5000
SUMMARY_LENGTH = 10000


def answer_field(question: Question) -> str:
    return f"answer_{question.pk}"


def comment_field(question: Question) -> str:
    return f"comment_{question.pk}"


class _QuestionFields(forms.Form):
    """Per question of the checklist, an answer and a comment (added before the NHS.UK
    mixin styles the fields and checks their text)."""

    def __init__(self, *args, questions: Iterable[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[answer_field(question)] = forms.ChoiceField(
                label=f"Question {question.position}: {question.text}",
                choices=[(answer.value, label) for answer, label in ANSWER_LABELS.items()],
                widget=forms.RadioSelect,
                required=False,
                help_text=question.guidance,
                error_messages={
                    "invalid_choice": f"Answer question {question.position} with met, partly "
                    "met, not met or not applicable."
                },
            )
            self.fields[comment_field(question)] = forms.CharField(
                label=f"Comment on question {question.position}",
                help_text="Say why, unless it is met.",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=COMMENT_LENGTH,
            )


class AuditForm(NHSUKFormMixin, _QuestionFields):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)
    overall_rating = forms.ChoiceField(
        label="Overall rating",
        choices=[(rating.value, label) for rating, label in RATING_LABELS.items()],
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "invalid_choice": "Choose outstanding, good, requires improvement or inadequate."
        },
    )
    summary = forms.CharField(
        label="Overall comments",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=SUMMARY_LENGTH,
    )

    @staticmethod
    def initial_for(audit, questions: Iterable[Question]) -> dict[str, object]:
        answers = {a.question_id: a for a in audit.answers.all()}
        initial: dict[str, object] = {
            "revision": audit.revision,
            "overall_rating": audit.overall_rating,
            "summary": audit.summary,
        }
        for question in questions:
            given = answers.get(question.pk)
            initial[answer_field(question)] = given.answer if given else ""
            initial[comment_field(question)] = given.comment if given else ""
        return initial

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        return {
            question.pk: AnswerInput(
                answer=data.get(answer_field(question)) or "",
                comment=data.get(comment_field(question)) or "",
            )
            for question in self.questions
        }

    def add_problems(self, problems: Mapping[str, str]) -> None:
        """Put what stops the audit being submitted on the fields it is about: an unanswered
        question on its answer, a missing reason on its comment."""
        by_id = {str(question.pk): question for question in self.questions}
        for key, message in problems.items():
            question = by_id.get(key.removeprefix("answers."))
            if question is None:
                self.add_error(key if key in self.fields else None, message)
                continue
            answered = bool(self.cleaned_data.get(answer_field(question)))
            self.add_error(comment_field(question) if answered else answer_field(question), message)
        self.mark_errors()

    def mark_errors(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css, error_css = self._classes_for(widget)
                if error_css and error_css not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', css)} {error_css}".strip()
