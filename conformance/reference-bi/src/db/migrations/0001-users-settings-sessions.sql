-- BI users (local password and/or bound to a DingTalk UserID), key/value settings, server-side sessions.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  -- scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>; NULL: no password login (DingTalk only)
  password_hash TEXT,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
  -- 钉钉账号: the DingTalk UserID (bindKey); at most one BI user per UserID
  dingtalk_userid TEXT UNIQUE,
  email TEXT NOT NULL DEFAULT '',
  mobile TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  -- created by hand or by account sync
  source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'dingtalk')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL, -- JSON
  updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL, -- JSON
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
