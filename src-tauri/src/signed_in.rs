//! Who is signed in at this window's till, kept in one place for the window process: the cashier
//! whose PIN was checked at sign-in, with the time of their last activity. Commands that sell or
//! move cash ask [`SignedIn::act`], which refuses when nobody is signed in and locks the till when
//! it has been idle longer than `[till] lock_after_minutes` — here, in the shell, whatever the
//! window's own timer does.

use filiale_app::ErrorCode;
use filiale_app::dto::Role;
use filiale_app::usecases::{Cashier, TillError, UseCaseError};
use serde::Serialize;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The signed-in cashier as the window shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SignedInView {
    pub name: String,
    /// `cashier` or `manager`.
    pub role: String,
}

#[derive(Debug, Clone)]
struct Signed {
    cashier: Cashier,
    role: Role,
    last_activity: Instant,
}

/// The window's sign-in state (Tauri state of the shell).
#[derive(Debug)]
pub struct SignedIn {
    till_id: String,
    /// `None`: the till locks only by hand.
    lock_after: Option<Duration>,
    /// A std mutex: held only to read or replace the slot, never across a call into the core.
    slot: Mutex<Option<Signed>>,
}

fn refused(error: TillError) -> ErrorCode {
    UseCaseError::from(error).into()
}

impl SignedIn {
    pub fn new(till_id: &str, lock_after: Option<Duration>) -> SignedIn {
        SignedIn {
            till_id: till_id.to_owned(),
            lock_after,
            slot: Mutex::new(None),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Signed>> {
        // A panic while the slot was held leaves a plain value behind, still usable.
        self.slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The idle time after which the till locks, in whole minutes (0: only by hand).
    pub fn lock_after_minutes(&self) -> u32 {
        self.lock_after
            .map_or(0, |d| u32::try_from(d.as_secs() / 60).unwrap_or(u32::MAX))
    }

    fn idle(&self, signed: &Signed, now: Instant) -> bool {
        self.lock_after
            .is_some_and(|limit| now.saturating_duration_since(signed.last_activity) >= limit)
    }

    /// `cashier` (PIN checked by the core) is signed in from `now`, replacing whoever was.
    pub fn sign_in(&self, cashier: Cashier, role: Role, now: Instant) {
        *self.slot() = Some(Signed {
            cashier,
            role,
            last_activity: now,
        });
    }

    /// "Kasse sperren": nobody is signed in any more.
    pub fn lock(&self) {
        *self.slot() = None;
    }

    /// The cashier acting at `now`, which counts as activity. Refused when nobody is signed in,
    /// or when the till was idle too long (then it is locked from now on).
    pub fn act(&self, now: Instant) -> Result<Cashier, ErrorCode> {
        let mut slot = self.slot();
        let Some(signed) = slot.as_mut() else {
            return Err(refused(TillError::NotSignedIn {
                till: self.till_id.clone(),
            }));
        };
        if self.idle(signed, now) {
            *slot = None;
            return Err(refused(TillError::IdleLocked {
                till: self.till_id.clone(),
                minutes: self.lock_after_minutes(),
            }));
        }
        signed.last_activity = now;
        Ok(signed.cashier.clone())
    }

    /// Who is signed in at `now`, without counting as activity; nobody once the till was idle
    /// too long.
    pub fn who(&self, now: Instant) -> Option<SignedInView> {
        let mut slot = self.slot();
        if slot.as_ref().is_some_and(|s| self.idle(s, now)) {
            *slot = None;
        }
        slot.as_ref().map(|s| SignedInView {
            name: s.cashier.name().to_owned(),
            role: s.role.as_str().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use filiale_app::dto::ManagerPin;
    use filiale_app::{App, Config};

    const MINUTE: Duration = Duration::from_secs(60);

    /// Kasse and Lena as the core signs them in (PINs checked) on a fresh store.
    fn cashiers() -> (Cashier, Cashier) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let app = App::open(Config::new(dir.path(), filiale_app::demo::store_config()))
            .expect("a fresh store");
        app.staff()
            .set_manager_pin("Filialleitung", "1234", None)
            .expect("the first manager");
        for (name, pin) in [("Kasse", "0000"), ("Lena", "2468")] {
            let manager = ManagerPin {
                manager: "Filialleitung",
                pin: "1234",
            };
            app.staff()
                .add(name, Role::Cashier, pin, Some(manager.into()))
                .expect("a cashier");
        }
        let signed = |name: &str, pin: &str| {
            Cashier::from(
                &app.till_sessions()
                    .sign_in(name, pin)
                    .expect("sign-in")
                    .staff,
            )
        };
        (signed("Kasse", "0000"), signed("Lena", "2468"))
    }

    fn reason(error: &ErrorCode) -> String {
        match error {
            ErrorCode::TillRefused { reason, .. } => reason.clone(),
            other => other.code(),
        }
    }

    #[test]
    fn nobody_signed_in_cannot_act_until_someone_signs_in() {
        let till = SignedIn::new("kasse-1", Some(5 * MINUTE));
        let start = Instant::now();
        assert_eq!(reason(&till.act(start).unwrap_err()), "not_signed_in");
        assert_eq!(till.who(start), None);
        till.sign_in(cashiers().0, Role::Cashier, start);
        assert_eq!(till.act(start + MINUTE).unwrap().name(), "Kasse");
        assert_eq!(
            till.who(start + MINUTE).map(|w| w.name),
            Some("Kasse".to_owned())
        );
    }

    #[test]
    fn the_till_locks_after_the_idle_time_and_each_action_restarts_it() {
        let till = SignedIn::new("kasse-1", Some(5 * MINUTE));
        let start = Instant::now();
        till.sign_in(cashiers().0, Role::Cashier, start);
        // Activity every four minutes keeps the till open for a quarter of an hour.
        for step in 1..=4 {
            till.act(start + step * 4 * MINUTE).unwrap();
        }
        // Looking does not count as activity.
        let last = start + 16 * MINUTE;
        assert!(till.who(last + 4 * MINUTE).is_some());
        let locked = till.act(last + 5 * MINUTE).unwrap_err();
        assert_eq!(reason(&locked), "idle_locked");
        assert!(matches!(&locked, ErrorCode::TillRefused { en, .. } if en.contains("5 minutes")));
        // Locked now: the next action finds nobody signed in.
        assert_eq!(
            reason(&till.act(last + 5 * MINUTE).unwrap_err()),
            "not_signed_in"
        );
    }

    #[test]
    fn an_idle_till_shows_nobody_signed_in() {
        let till = SignedIn::new("kasse-1", Some(MINUTE));
        let start = Instant::now();
        till.sign_in(cashiers().0, Role::Cashier, start);
        assert_eq!(till.who(start + 2 * MINUTE), None);
        assert_eq!(
            reason(&till.act(start + 2 * MINUTE).unwrap_err()),
            "not_signed_in"
        );
    }

    #[test]
    fn locking_by_hand_signs_out_and_zero_minutes_never_lock_by_time() {
        let till = SignedIn::new("kasse-1", None);
        let start = Instant::now();
        till.sign_in(cashiers().0, Role::Cashier, start);
        assert_eq!(till.lock_after_minutes(), 0);
        till.act(start + 600 * MINUTE).unwrap();
        till.lock();
        assert_eq!(
            reason(&till.act(start + 601 * MINUTE).unwrap_err()),
            "not_signed_in"
        );
    }

    #[test]
    fn a_second_cashier_signing_in_replaces_the_first() {
        let till = SignedIn::new("kasse-1", Some(5 * MINUTE));
        let start = Instant::now();
        let (kasse, lena) = cashiers();
        till.sign_in(kasse, Role::Cashier, start);
        till.sign_in(lena, Role::Manager, start + MINUTE);
        assert_eq!(till.act(start + 2 * MINUTE).unwrap().name(), "Lena");
        assert_eq!(till.who(start + 2 * MINUTE).unwrap().role, "manager");
    }
}
