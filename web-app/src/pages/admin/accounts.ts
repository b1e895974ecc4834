// The account administration API (access/.../admin/AccountAdminController) and the server's rules a form checks
// before sending (AccountService, PasswordPolicy), so that a clerk hears about a typo before the round trip.

export type AccountRole = 'VILLAGE' | 'SCHOOL' | 'TOWN' | 'COUNTY' | 'ADMIN'

export interface Account {
  username: string
  displayName: string
  role: AccountRole
  roleLabel: string
  unit: string
  unitName: string | null
  county: string
  enabled: boolean
  slowedDown: boolean
  slowedDownUntil: string | null
  mustChangePassword: boolean
  demo: boolean
  createdAt: string
  createdBy: string
}

export interface AccountWithPassword {
  account: Account
  oneTimePassword: string | null
}

/** The roles an administrator may give (an administrator account is opened on the server only). */
export const grantableRoles: { code: AccountRole; label: string; unitKind: 'VILLAGE' | 'SCHOOL' | 'TOWN' | 'COUNTY' }[] = [
  { code: 'VILLAGE', label: '村级', unitKind: 'VILLAGE' },
  { code: 'SCHOOL', label: '学校', unitKind: 'SCHOOL' },
  { code: 'TOWN', label: '乡镇', unitKind: 'TOWN' },
  { code: 'COUNTY', label: '县级', unitKind: 'COUNTY' },
]

export const roleLabels: Record<AccountRole, string> = {
  VILLAGE: '村级',
  SCHOOL: '学校',
  TOWN: '乡镇',
  COUNTY: '县级',
  ADMIN: '系统管理员',
}

export const USERNAME_RULE = /^[A-Za-z0-9._@-]{1,64}$/
export const PASSWORD_RULE_TEXT =
  '密码须为 10–64 位且不超过 72 字节（一个汉字占 3 字节），同时包含字母和数字，不能包含用户名，也不能是常见密码或公开的演示密码（如 password12、Qingxi2026）'

/** The shape part of PasswordPolicy (common passwords are the server's to judge); null when it passes. */
export function passwordProblem(username: string, password: string): string | null {
  const bytes = new TextEncoder().encode(password).length
  const lower = password.toLowerCase()
  const name = username.toLowerCase()
  const containsName = name.length > 0 && (lower === name || (name.length >= 4 && lower.includes(name)))
  if (password.length < 10 || password.length > 64 || bytes > 72 || !/\p{L}/u.test(password) || !/\d/.test(password)
    || /\p{Cc}/u.test(password) || containsName) {
    return PASSWORD_RULE_TEXT
  }
  return null
}
