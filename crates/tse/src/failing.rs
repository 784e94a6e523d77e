//! A TSE that fails on demand, for tests of the till: wrap any [`Tse`] in a [`FailingTse`] and
//! flip its [`FailureSwitch`] to make calls answer [`Unreachable::Simulated`].

use crate::error::{TseError, Unreachable};
use crate::port::{
    ClientId, ExportSummary, OpenTransaction, ProcessType, SelfTestReport, TransactionResult, Tse,
    TseInfo,
};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Shared handle that decides whether the wrapped TSE answers. Clones control the same TSE.
#[derive(Debug, Clone, Default)]
pub struct FailureSwitch {
    /// 0: working; -1: failing until [`FailureSwitch::recover`]; n > 0: the next n calls fail.
    state: Arc<AtomicI64>,
}

impl FailureSwitch {
    /// Every call fails as unreachable until [`FailureSwitch::recover`].
    pub fn fail_all(&self) {
        self.state.store(-1, Ordering::SeqCst);
    }

    /// The next `calls` calls fail as unreachable, then the TSE works again.
    pub fn fail_next(&self, calls: u32) {
        self.state.store(i64::from(calls), Ordering::SeqCst);
    }

    /// The TSE answers again.
    pub fn recover(&self) {
        self.state.store(0, Ordering::SeqCst);
    }

    /// Whether the current call fails (and counts it down).
    fn should_fail(&self) -> bool {
        let mut current = self.state.load(Ordering::SeqCst);
        loop {
            let next = match current {
                0 => return false,
                n if n < 0 => return true,
                n => n - 1,
            };
            match self
                .state
                .compare_exchange(current, next, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return true,
                Err(actual) => current = actual,
            }
        }
    }
}

/// A [`Tse`] that passes calls to `inner` unless its switch says fail.
pub struct FailingTse<T: Tse> {
    inner: T,
    switch: FailureSwitch,
}

impl<T: Tse> FailingTse<T> {
    pub fn new(inner: T) -> Self {
        FailingTse {
            inner,
            switch: FailureSwitch::default(),
        }
    }

    /// A wrapper controlled by an existing switch (made before the TSE was opened).
    pub fn with_switch(inner: T, switch: FailureSwitch) -> Self {
        FailingTse { inner, switch }
    }

    /// The switch of this TSE, to keep in the test while the till holds the TSE.
    pub fn switch(&self) -> FailureSwitch {
        self.switch.clone()
    }

    pub fn inner(&self) -> &T {
        &self.inner
    }

    fn gate(&self) -> Result<(), TseError> {
        if self.switch.should_fail() {
            Err(TseError::Unreachable(Unreachable::Simulated))
        } else {
            Ok(())
        }
    }
}

impl<T: Tse> Tse for FailingTse<T> {
    fn info(&self) -> Result<TseInfo, TseError> {
        self.gate()?;
        self.inner.info()
    }

    fn certified(&self) -> bool {
        self.inner.certified()
    }

    fn description(&self) -> String {
        self.inner.description()
    }

    fn register_client(&self, client_id: &ClientId) -> Result<(), TseError> {
        self.gate()?;
        self.inner.register_client(client_id)
    }

    fn registered_clients(&self) -> Result<Vec<ClientId>, TseError> {
        self.gate()?;
        self.inner.registered_clients()
    }

    fn start_transaction(
        &self,
        client_id: &ClientId,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        self.gate()?;
        self.inner
            .start_transaction(client_id, process_type, process_data)
    }

    fn update_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        self.gate()?;
        self.inner
            .update_transaction(client_id, transaction_number, process_type, process_data)
    }

    fn finish_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        self.gate()?;
        self.inner
            .finish_transaction(client_id, transaction_number, process_type, process_data)
    }

    fn open_transactions(&self) -> Result<Vec<OpenTransaction>, TseError> {
        self.gate()?;
        self.inner.open_transactions()
    }

    fn self_test(&self) -> Result<SelfTestReport, TseError> {
        self.gate()?;
        self.inner.self_test()
    }

    fn export_tar(&self, out: &mut dyn Write) -> Result<ExportSummary, TseError> {
        self.gate()?;
        self.inner.export_tar(out)
    }
}
