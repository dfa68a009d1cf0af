"""The service jobs (on the service lane): the eligibility query with the proof of the method
used, 保険証利用登録, the consents and the limit information, and the final result document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.eligibility.document import first_result
from kiosk.eligibility.names import name_needs_check
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.session import ChipFacts
from kiosk.ports import (
    CardError,
    CardErrorKind,
    Clock,
    ConsentKind,
    ConsentReceipt,
    EligibilityError,
    EligibilityErrorKind,
    Proof,
    Qualification,
    VerificationMethod,
)
from kiosk.runtime.jobs import (
    Answer,
    Cancel,
    Devices,
    Hooks,
    JobResult,
    ReceptionData,
    log,
    need_card,
)
from kiosk.runtime.phone_jobs import PHONE_METHODS, SIGNED_METHODS


class ServiceJobs:
    """The service lane's jobs, for :class:`kiosk.runtime.reception.Reception`."""

    devices: Devices
    clock: Clock
    hooks: Hooks

    def _proof(self, rec: ReceptionData, method: VerificationMethod, cancel: Cancel) -> Proof:
        if method in PHONE_METHODS:
            # Signed by the phone while it was held; a nonce is spent once, so it is taken.
            proof, rec.session.phone_proof = rec.session.phone_proof, None
            if proof is None or proof.method is not method:
                raise EligibilityError(EligibilityErrorKind.PROOF_REJECTED, "no phone proof")
            return proof
        nonce = self.devices.eligibility.new_nonce(cancel=cancel)
        if method is VerificationMethod.PIN:
            return Proof(method, nonce, need_card(rec).sign(nonce))
        return Proof(method, nonce)

    @staticmethod
    def _cert(rec: ReceptionData) -> bytes:
        if rec.session.user_cert_der is None:
            raise CardError(CardErrorKind.REMOVED, "the reception's certificate is gone")
        return rec.session.user_cert_der

    @staticmethod
    def _key(rec: ReceptionData, what: str) -> str:
        return f"{rec.reception_id}:{what}"

    def _confirm(self, e: fx.ConfirmEligibility, rec: ReceptionData, cancel: Cancel) -> JobResult:
        service = self.devices.eligibility
        try:
            proof = self._proof(rec, e.method, cancel)
            q = service.confirm(
                self._cert(rec), proof, key=self._key(rec, "confirm"), cancel=cancel
            )
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        if e.method not in SIGNED_METHODS and not _same_person(rec, q):
            # Face and visual checks prove only a face: a result for someone else must never
            # become this patient's record. Not kept, staff called.
            log.warning("eligibility answer does not match the card's birth date and sex")
            return ev.EligibilityFailed(EligibilityErrorKind.MISMATCH)

        def keep(r: ReceptionData) -> None:
            r.session.qualification = q

        now = self.clock.now()
        confirmed = ev.EligibilityConfirmed(
            q.validity, q.birth_date, now.date(), name_needs_check(q.name), checked_at=now
        )
        return Answer(confirmed, keep)

    def _register(self, e: fx.Register, rec: ReceptionData, cancel: Cancel) -> JobResult:
        service = self.devices.eligibility
        try:
            proof = self._proof(rec, e.method, cancel)
            service.register(self._cert(rec), proof, key=self._key(rec, "register"), cancel=cancel)
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        return ev.Registered()

    def _send_consents(
        self, rec: ReceptionData, answers: dict[ConsentKind, bool], what: str, cancel: Cancel
    ) -> tuple[bool, list[ConsentReceipt]]:
        try:
            receipts = self.devices.eligibility.record_consents(
                self._cert(rec), answers, key=self._key(rec, what), cancel=cancel
            )
        except (EligibilityError, CardError) as exc:
            log.warning("consents not recorded: %s", exc)
            now = self.clock.now()
            return False, [ConsentReceipt(k, v, now, None) for k, v in answers.items()]
        return True, list(receipts)

    def _save_consents(self, e: fx.SaveConsents, rec: ReceptionData, cancel: Cancel) -> JobResult:
        # The certificate's grace asks no consent: only the prescription choice goes.
        ok, receipts = True, list[ConsentReceipt]()
        if e.answers:
            ok, receipts = self._send_consents(rec, dict(e.answers), "consents", cancel)
        final = self._final_result(rec, e.prescription, "result", cancel)
        return Answer(ev.ConsentsSaved(ok), _keep_consents(receipts, final))

    def _save_limit(self, e: fx.SaveLimit, rec: ReceptionData, cancel: Cancel) -> JobResult:
        ok, receipts = self._send_consents(rec, {ConsentKind.LIMIT: True}, "limit", cancel)
        final = self._final_result(rec, e.prescription, "result-limit", cancel)
        return Answer(ev.LimitSaved(ok), _keep_consents(receipts, final))

    def _final_result(
        self, rec: ReceptionData, prescription: str | None, what: str, cancel: Cancel
    ) -> Qualification | None:
        """The re-query after the consents: the document the clinic's file must hold (consents
        with their times, limit information once agreed, PrescriptionIssueSelect). Without it
        the record keeps the first document and the kiosk's own receipts fill the file in."""
        try:
            return self.devices.eligibility.final_result(
                self._cert(rec), prescription=prescription, key=self._key(rec, what), cancel=cancel
            )
        except (EligibilityError, CardError) as exc:
            log.warning("final result document not fetched: %s", exc)
            return None


def _keep_consents(
    receipts: list[ConsentReceipt], final: Qualification | None
) -> Callable[[ReceptionData], None]:
    def keep(r: ReceptionData) -> None:
        r.receipts += receipts
        if final is not None:
            r.session.qualification = final

    return keep


def unless_cancelled(
    cancel: Cancel,
    call: Callable[[Any, ReceptionData, Cancel], JobResult],
    effect: fx.Effect,
    rec: ReceptionData,
) -> JobResult:
    """A service step whose reception gave up while it waited for a worker does not start."""
    if cancel.is_set():
        return None
    return call(effect, rec, cancel)


# 券面AP sex codes (1, 2, 9 not applicable) and the result's Sex1 (1, 2, 3 未設定).
_SEX_OF_CHIP = {"1": "1", "2": "2", "9": "3"}


def same_person(chip: ChipFacts, q: Qualification) -> bool:
    """Whether the result's birth date and sex are the chip's (the card on the reader)."""
    result = first_result(q.document)
    sex1 = str(result.get("Sex1", "")) if result is not None else ""
    return chip.birth == q.birth_date and _SEX_OF_CHIP.get(chip.sex) == sex1


def _same_person(rec: ReceptionData, q: Qualification) -> bool:
    chip = rec.session.chip_facts
    if chip is None:
        return True  # a visual check without the photo read: staff compared the card itself
    return same_person(chip, q)
