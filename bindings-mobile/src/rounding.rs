//! Rounding modes and policies (core `rounding.rs`).

/// How an amount is rounded to its currency's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum RoundingMode {
    /// Half away from zero.
    HalfUp,
    /// Half to even (banker's rounding).
    HalfEven,
    /// Toward zero.
    Down,
    /// Away from zero.
    Up,
}

/// How invoice tax is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TaxRounding {
    /// Each line's tax is rounded.
    PerLine,
    /// Each rate's tax over the whole invoice is rounded once.
    PerInvoice,
}

/// How invoice totals are rounded. JSON: `{"mode": "half_up", "tax":
/// "per_line"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct RoundingPolicy {
    /// The rounding mode.
    pub mode: RoundingMode,
    /// Per line or per invoice.
    pub tax: TaxRounding,
}

impl From<billing_core::RoundingMode> for RoundingMode {
    fn from(mode: billing_core::RoundingMode) -> RoundingMode {
        match mode {
            billing_core::RoundingMode::HalfUp => RoundingMode::HalfUp,
            billing_core::RoundingMode::HalfEven => RoundingMode::HalfEven,
            billing_core::RoundingMode::Down => RoundingMode::Down,
            billing_core::RoundingMode::Up => RoundingMode::Up,
        }
    }
}

impl From<RoundingMode> for billing_core::RoundingMode {
    fn from(mode: RoundingMode) -> billing_core::RoundingMode {
        match mode {
            RoundingMode::HalfUp => billing_core::RoundingMode::HalfUp,
            RoundingMode::HalfEven => billing_core::RoundingMode::HalfEven,
            RoundingMode::Down => billing_core::RoundingMode::Down,
            RoundingMode::Up => billing_core::RoundingMode::Up,
        }
    }
}

impl From<billing_core::RoundingPolicy> for RoundingPolicy {
    fn from(policy: billing_core::RoundingPolicy) -> RoundingPolicy {
        RoundingPolicy {
            mode: policy.mode.into(),
            tax: match policy.tax {
                billing_core::TaxRounding::PerLine => TaxRounding::PerLine,
                billing_core::TaxRounding::PerInvoice => TaxRounding::PerInvoice,
            },
        }
    }
}

impl From<RoundingPolicy> for billing_core::RoundingPolicy {
    fn from(policy: RoundingPolicy) -> billing_core::RoundingPolicy {
        billing_core::RoundingPolicy {
            mode: policy.mode.into(),
            tax: match policy.tax {
                TaxRounding::PerLine => billing_core::TaxRounding::PerLine,
                TaxRounding::PerInvoice => billing_core::TaxRounding::PerInvoice,
            },
        }
    }
}
