"""The phone job (on the phone lane, one thread): everything the smartphone is needed for, read in
one go while the patient holds it over the reader."""

from __future__ import annotations

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.session import PIN_LENGTH, wipe_buffer
from kiosk.ports import (
    Clock,
    EligibilityError,
    PhoneError,
    PhoneErrorKind,
    PhoneKind,
    PhoneSession,
    PinStatus,
    Proof,
    VerificationMethod,
)
from kiosk.runtime.card_jobs import keep_identity
from kiosk.runtime.jobs import Answer, Devices, Hooks, JobResult, ReceptionData, log

PHONE_METHOD = {
    PhoneKind.ANDROID: VerificationMethod.PHONE_PIN,
    PhoneKind.IPHONE: VerificationMethod.PHONE_BIOMETRIC,
}
PHONE_METHODS = frozenset(PHONE_METHOD.values())
# The holder's own key signed the service's nonce: the answer is about that certificate's holder.
SIGNED_METHODS = frozenset({VerificationMethod.PIN, *PHONE_METHODS})


class PhoneJobs:
    """The phone lane's job, for :class:`kiosk.runtime.reception.Reception`."""

    devices: Devices
    clock: Clock
    hooks: Hooks

    def _read_phone(self, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        """Everything the phone is needed for, while it is held: the patient holds it 1–2 s."""
        reader = self.devices.phone
        if reader is None:
            return ev.PhoneFailed(e.attempt, PhoneErrorKind.NO_READER)
        try:
            phone = reader.connect()
        except PhoneError as exc:
            return ev.PhoneFailed(e.attempt, exc.kind)
        try:
            return self._use_phone(phone, e, rec)
        finally:
            close_phone(phone)

    def _use_phone(self, phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        pin_used = False
        if phone.kind is not e.kind:  # the patient chose the other kind: nothing is sent
            rec.session.clear_pin()
            return ev.PhoneKindFound(e.attempt, phone.kind)
        try:
            identity = phone.read_identity()
            if e.kind is PhoneKind.ANDROID:
                early = self._phone_pin_gate(phone, e, rec)
                if early is not None:
                    return early
                pin_used = True
                checked = self._verify_phone_pin(phone, e, rec)
                if checked is not None:
                    return checked
            nonce = self.devices.eligibility.new_nonce(cancel=rec.service_cancel)
            signature = phone.sign(nonce)
        except PhoneError as exc:
            return ev.PhoneFailed(e.attempt, exc.kind, pin_used=pin_used)
        except EligibilityError as exc:
            return Answer(ev.PhoneNonceFailed(e.attempt, exc.kind), keep_identity(identity))
        proof = Proof(PHONE_METHOD[e.kind], nonce, signature)

        def keep(r: ReceptionData) -> None:
            keep_identity(identity)(r)
            r.session.phone_proof = proof

        return Answer(ev.PhoneRead(e.attempt), keep)

    @staticmethod
    def _phone_pin_gate(phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        """The tries, read without consuming one: a locked PIN is never sent, and the last try
        is never used before the patient has been told it is the last."""
        tries = phone.pin_tries_left()
        if tries <= 0:
            rec.session.clear_pin()
            return ev.PhonePinChecked(e.attempt, PinStatus.ALREADY_LOCKED, 0)
        if tries == 1 and not e.last_try_shown:
            rec.session.clear_pin()
            return ev.PhoneTriesRead(e.attempt, 1)
        if rec.session.pin_length != PIN_LENGTH:
            # Our own mistake (no PIN, a bad one): the phone's counter is not touched.
            rec.session.clear_pin()
            return ev.PhonePinRejected(e.attempt)
        return None

    @staticmethod
    def _verify_phone_pin(phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        pin = rec.session.take_pin()
        try:
            if not bytes(pin).isdigit():
                return ev.PhonePinRejected(e.attempt)
            result = phone.verify_pin(pin)
        finally:
            wipe_buffer(pin)
        if result.status is PinStatus.OK:
            return None
        return ev.PhonePinChecked(e.attempt, result.status, result.tries_left)


def close_phone(phone: PhoneSession) -> None:
    try:
        phone.close()
    except PhoneError:
        log.debug("phone already gone when closing")
