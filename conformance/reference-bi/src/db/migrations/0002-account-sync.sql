-- 账户同步: the DingTalk department tree as last synced, users' departments, and one row per sync run.
CREATE TABLE departments (
  dept_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  parent_id INTEGER,
  synced_at INTEGER NOT NULL
);

ALTER TABLE users ADD COLUMN dept_ids TEXT NOT NULL DEFAULT '[]'; -- JSON array of DingTalk dept ids

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  phase TEXT NOT NULL DEFAULT 'departments', -- departments | users | writing | done
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  started_by INTEGER REFERENCES users (id),
  departments_seen INTEGER NOT NULL DEFAULT 0,
  users_seen INTEGER NOT NULL DEFAULT 0,
  pages_fetched INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  deactivated INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  error_scopes TEXT, -- JSON array: permission points DingTalk said were missing
  changes TEXT NOT NULL DEFAULT '[]' -- JSON: what was created/updated/deactivated
);
