#!/bin/sh
# Prints how kedaguard's rules agree with the accept/reject cases transcribed from KEDA's own
# scaler tests (testdata/agreement/*.yaml). Set KEDAGUARD_AGREEMENT_MISSES=1 to also list the
# cases KEDA rejects and kedaguard does not report.
set -e
cd "$(dirname "$0")/.."
swift test --filter ScalerAgreementTests 2>&1 | grep -E '^(agreement\||agreement-miss\|)|false denial' | sed 's/^agreement| //'
