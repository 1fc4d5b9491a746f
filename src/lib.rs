//! kehoach: Vietnamese government plans (KẾ HOẠCH) to structured JSON.
