"""Named errors of the data layer and the API; each has a stable code and a sentence in zh and en."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_request": ("请求格式不正确", "The request is not well-formed."),
    "invalid": ("填写的内容有误", "Some fields are not valid."),
    "not_found": ("找不到这条记录", "That item does not exist."),
    "conflict": (
        "这条记录已被修改，请查看最新内容后再保存",
        "This record changed meanwhile; review the latest values.",
    ),
    "unsupported_type": ("只支持 PNG、JPEG、WebP 或 HEIC 图片", "Only PNG, JPEG, WebP or HEIC images are supported."),
    "too_large": ("图片不能超过 10 MB", "Images must be 10 MB or smaller."),
    "empty_file": ("文件是空的", "The file is empty."),
    "corrupt_image": ("图片已损坏或不完整，无法读取", "The image is damaged or incomplete."),
    "image_too_large": (
        "图片尺寸过大，请上传普通截图",
        "The image is too large in pixels; upload a normal screenshot.",
    ),
    "type_mismatch": ("文件内容与文件类型不符", "The file content does not match its type."),
    "no_payment_found": (
        "没有在截图中找到付款信息，请手动填写",
        "No payment was found in this screenshot; fill it in.",
    ),
    "engine_unavailable": (
        "识别服务暂不可用，请手动填写或稍后重试",
        "Recognition is unavailable; fill it in or retry.",
    ),
    "model_refused": ("识别服务无法读取这张截图，请手动填写", "The recognizer could not read this screenshot."),
    "model_timeout": ("识别超时，请重试或手动填写", "Recognition timed out; retry or fill it in."),
    "recognize_failed": ("识别失败，请重试或手动填写", "Recognition failed; retry or fill it in."),
    "not_uploaded": ("图片还没有上传完成", "The image has not been uploaded yet."),
    "image_changed": (
        "图片在检查之后又被改写了，没有读取；请点重试，或重新上传",
        "The image was written again after it was checked, so it was not read; retry, or upload it again.",
    ),
    "wrong_state": ("这张截图当前不能这样操作", "This draft cannot do that in its current state."),
    "no_items": ("至少保留一笔记录再确认", "Keep at least one item to confirm."),
    "version_required": ("保存修改时需要带上版本号", "Edits must include the record's version."),
    "rate_limited": ("上传太频繁了，请稍等一分钟再试", "Too many uploads; wait a minute and try again."),
    "imports_rate_limited": (
        "导入账单太频繁了，请稍等一分钟再试",
        "Too many bill imports; wait a minute and try again.",
    ),
    "retries_rate_limited": (
        "重新识别太频繁了，请稍等一分钟再试，或手动填写",
        "Too many recognition retries; wait a minute, or fill it in by hand.",
    ),
    "exports_rate_limited": ("导出太频繁了，请稍等一分钟再试", "Too many exports; wait a minute and try again."),
    "import_running": (
        "你的另一个账单导入还在进行，请等它完成后再试",
        "Another bill import of yours is still running; try again when it is done.",
    ),
    "unauthorized": ("请先登录", "Please sign in."),
    "storage_unavailable": ("存储服务暂不可用，请稍后再试", "Storage is unavailable; try again shortly."),
    "database_unavailable": (
        "数据库暂不可用，你的草稿仍然保留，请稍后再试",
        "The database is unavailable; your draft is kept.",
    ),
    "database_busy": (
        "现在使用的人太多，请几秒后再试，你的内容没有丢失",
        "The ledger is busy right now; try again in a few seconds. Nothing was lost.",
    ),
    "foreign_origin": (
        "这个请求来自别的网站，已拒绝，什么都没有改动",
        "This request came from another site and was refused; nothing was changed.",
    ),
    "json_required": (
        "请求需要以 JSON（application/json）发送，什么都没有改动",
        "Send this request as JSON (application/json); nothing was changed.",
    ),
    "unknown_host": (
        "这个地址不在允许的主机名里（ALLOWED_HOSTS），请用允许的地址打开",
        "This host name is not one the app answers to (ALLOWED_HOSTS); open it at an allowed address.",
    ),
    "auth_not_configured": (
        "登录服务没有开启，应用暂不可用",
        "Sign-in is not switched on for this app, so it is not available.",
    ),
    "internal": ("服务器出错了，请稍后再试", "Something went wrong on our side; try again."),
    "unknown_bill_format": (
        "无法识别这个账单文件：请导入支付宝、微信支付、京东或美团导出的账单，招商银行信用卡或工商银行借记卡的明细"
        "（CSV 或 XLSX），或本应用导出的文件",
        "This bill file is not recognized: import an Alipay, WeChat Pay, JD or Meituan bill, a China Merchants Bank"
        " credit card or ICBC debit card statement (CSV or XLSX), or this app's export.",
    ),
    "too_many_rows": (
        "账单超过 20000 行，请按时间分成几个文件导入",
        "The bill has over 20,000 rows; split it by date.",
    ),
    "file_required": ("请选择要导入的账单文件", "Choose a bill file to import."),
    "bill_too_large": ("账单文件不能超过 10 MB", "Bill files must be 10 MB or smaller."),
    "bad_account": (
        "“{account}”不能作为“{name}”的 Beancount 账户：支付方式要以 Assets: 或 Liabilities: 开头，"
        "支出分类以 Expenses:、收入分类以 Income: 开头，每一段以大写字母或数字开头、只含字母数字和 -，"
        "例如 Expenses:Food；什么都没有保存",
        "“{account}” cannot be the Beancount account of “{name}”: payment methods start with Assets: or "
        "Liabilities:, expense categories with Expenses:, income categories with Income:, and each part starts with "
        "a capital letter or a digit and holds only letters, digits and -, e.g. Expenses:Food. Nothing was saved.",
    ),
    "bad_period": ("日期范围不正确", "The date range is not valid."),
    "day_out_of_range": ("日期需在 1900 年到 2999 年之间", "Dates must be between 1900 and 2999."),
    "bad_limit": ("每页条数（limit）需是 1 到 {max} 之间的整数", "limit must be a whole number from 1 to {max}."),
    "bad_credentials": ("用户名或密码不正确", "The username or password is not right."),
    "otp_required": (
        "请输入验证器 App 显示的 6 位验证码（或一个恢复码）",
        "Enter the 6-digit code from your authenticator app (or a recovery code).",
    ),
    "bad_otp": (
        "验证码不正确或已过期，请输入最新的验证码",
        "That code is not right or has expired; enter the current one.",
    ),
    "locked_out": (
        "登录失败次数太多，已暂时锁定，请在 {until} 之后再试",
        "Too many failed sign-ins; locked for now. Try again after {until}.",
    ),
    "slow_down": (
        "尝试太快了，请等 {seconds} 秒再试",
        "Too many tries in a row; try again in {seconds} s.",
    ),
    "weak_password": (
        "密码至少需要 8 个字符，不能是常见密码，也不能包含用户名",
        "Passwords need at least 8 characters, cannot be a common one, and cannot contain the username.",
    ),
    "bad_username": (
        "用户名可以用 1 到 32 个汉字、字母、数字或 . _ - @，不能有空格",
        "Usernames are 1 to 32 letters, digits, Chinese characters or . _ - @, without spaces.",
    ),
    "no_such_user": ("没有这个用户名的账户", "There is no account with that username."),
    "username_taken": ("这个用户名已经有人用了", "That username is already taken."),
    "wrong_password": ("当前密码不正确", "The current password is not right."),
    "setup_link_invalid": (
        "这个首次设置链接无效或已过期：请重新启动应用，使用终端里打印的新链接",
        "This first-run link is not valid or has expired: restart the app and use the new link it prints.",
    ),
    "setup_done": ("已经创建过账户了，请直接登录", "An account already exists; sign in."),
    "accounts_off": (
        "这个安装没有启用账户登录（AUTH_MODE）",
        "Accounts are not switched on for this install (AUTH_MODE).",
    ),
    "totp_not_started": ("请先开始设置两步验证", "Start setting up two-step sign-in first."),
    "totp_already_on": ("两步验证已经开启了", "Two-step sign-in is already on."),
    "totp_off": ("两步验证没有开启", "Two-step sign-in is not on."),
    "no_such_book": (
        "找不到这个账本：它不存在，或者你不是这个账本的成员",
        "There is no such book, or you are not one of its members.",
    ),
    "book_read_only": (
        "你在这个账本里只能查看，不能修改；什么都没有改动",
        "You can only view this book, not change it; nothing was changed.",
    ),
    "book_owner_only": (
        "只有账本的所有者可以管理名称、成员和邀请",
        "Only the book's owner can change its name, members and invites.",
    ),
    "bad_book_name": ("账本名称需要 1 到 32 个字", "A book's name is 1 to 32 characters."),
    "bad_role": ("角色只能是“编辑”或“查看”", "The role is either editor or viewer."),
    "bad_invite_hours": (
        "邀请的有效时间需要在 1 到 168 小时（7 天）之间",
        "An invite lasts 1 to 168 hours (7 days).",
    ),
    "personal_book": (
        "你不能退出自己的个人账本；可以先把它转让给另一位成员",
        "You cannot leave your own personal book; hand it over to another member first.",
    ),
    "owner_must_hand_over": (
        "所有者需要先把账本转让给另一位成员，才能退出或改变自己的角色",
        "The owner hands the book over to another member before leaving it or changing their own role.",
    ),
    "no_such_member": ("这个人不是这个账本的成员", "That person is not a member of this book."),
    "invite_invalid": (
        "这个邀请链接无效、已过期或已经被用过了，请向账本的所有者要一个新的",
        "This invite link is not valid, has expired or was used already; ask the book's owner for a new one.",
    ),
    "invites_rate_limited": (
        "邀请链接试得太多了，请稍等一分钟再试",
        "Too many invite links tried; wait a minute and try again.",
    ),
    "invoice_recorded": (
        "这张发票（号码 {number}）已经记在第 {record} 笔记录上了，不会再记一次；可以放弃这份草稿",
        "This invoice (number {number}) is already on record {record}; it is not recorded twice. Discard this draft.",
    ),
    "invoice_on_other_record": (
        "这笔记录的发票（号码 {number}）后来又记在了第 {record} 笔记录上，恢复它会把同一张发票记两次；没有恢复",
        "This record's invoice (number {number}) has since been recorded on record {record}; restoring it would "
        "count the invoice twice, so it was not restored.",
    ),
    "bad_invoice_filter": (
        "发票筛选只能是：有发票、没有发票、可报销、已提交或已报销",
        "The invoice filter is one of: any, none, reimbursable, submitted, reimbursed.",
    ),
    "bad_reimbursement": (
        "报销状态只能是：可报销、已提交、已报销，或清除（null）；什么都没有改动",
        "The reimbursement state is reimbursable, submitted, reimbursed or null; nothing was changed.",
    ),
    "bad_category_name": (
        "分类名称需要 1 到 16 个字，不能含有 / \\ ? # % 等符号，也不能叫“未分类”；什么都没有改动",
        "A category's name is 1 to 16 characters, without / \\ ? # %, and not “Uncategorized”. Nothing was changed.",
    ),
    "category_exists": (
        "已经有同名的分类了；什么都没有改动",
        "A category with that name already exists. Nothing was changed.",
    ),
    "bad_category_parent": (
        "上级分类需要是已有的一级分类（子分类下面不能再有子分类），也不能是它自己；什么都没有改动",
        "The parent must be an existing top-level category (sub-categories have no sub-categories of their own), not "
        "the category itself. Nothing was changed.",
    ),
    "bad_category_icon": (
        "图标是一个表情或一两个字（最多 8 个字符）；什么都没有改动",
        "An icon is an emoji or a character or two (8 at most). Nothing was changed.",
    ),
    "bad_category_colour": (
        "颜色需要写成 #rrggbb，例如 #e4572e；什么都没有改动",
        "A colour is written #rrggbb, e.g. #e4572e. Nothing was changed.",
    ),
    "too_many_categories": (
        "一个账本最多 {limit} 个分类，请先合并或删除一些",
        "A book has {limit} categories at most; merge or remove some first.",
    ),
    "no_such_category": ("这个账本没有这个分类", "This book has no such category."),
    "category_has_children": (
        "这个分类下面还有子分类：请先把子分类移走或合并；什么都没有改动",
        "This category still has sub-categories: move or merge them first. Nothing was changed.",
    ),
    "bad_category_order": (
        "排序需要列出已有的分类，每个只出现一次；什么都没有改动",
        "The order lists existing categories, each once. Nothing was changed.",
    ),
    "bad_category_merge": (
        "请选择另一个已有的分类来合并；什么都没有改动",
        "Choose another existing category to merge into. Nothing was changed.",
    ),
    "invoice_period_too_large": (
        "这段时间的发票太多了（超过 {limit} 张），请缩短日期范围",
        "Too many invoices in this period (over {limit}); choose a shorter range.",
    ),
}


def message(code: str, lang: str = "zh", **params) -> str:
    """The sentence for an error code in 'zh' or 'en', with `params` filled in ({until}, {seconds})."""
    zh, en = MESSAGES.get(code, MESSAGES["internal"])
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


class LedgerError(Exception):
    """Base of the data layer's errors; `code` picks the sentence and `status` the HTTP status."""

    code = "bad_request"
    status = 400

    def __init__(
        self,
        detail: str = "",
        *,
        fields: dict[str, str] | None = None,
        code: str | None = None,
        params: dict[str, str] | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(detail or self.code)
        self.detail = detail
        self.fields = fields or {}
        self.params = params or {}  # filled into the sentence
        self.retry_after = retry_after  # seconds, sent as Retry-After
        if code:
            self.code = code


class BadRequest(LedgerError):
    """The request body or query is malformed."""


class Invalid(LedgerError):
    """One or more fields failed validation; `fields` maps field name to a reason."""

    code = "invalid"
    status = 422


class NotFound(LedgerError):
    """No such draft or record for this owner."""

    code = "not_found"
    status = 404


class Conflict(LedgerError):
    """The record's version moved on; `current` holds the record as it is now."""

    code = "conflict"
    status = 409

    def __init__(self, detail: str = "", *, current: dict | None = None):
        super().__init__(detail)
        self.current = current


class WrongState(LedgerError):
    """The draft's status does not allow this operation."""

    code = "wrong_state"
    status = 409


class AuthNotConfigured(LedgerError):
    """AUTH_MODE=easyauth without App Service Authentication in front: principal headers could be anyone's."""

    code = "auth_not_configured"
    status = 503


class Refused(LedgerError):
    """A request the app will not act on where it came from: another site's page, a foreign Host, a text body."""

    code = "foreign_origin"
    STATUSES = {"foreign_origin": 403, "json_required": 415, "unknown_host": 421}

    @property
    def status(self) -> int:
        """403 for another site, 415 for a body that is not JSON, 421 for a host name the app does not serve."""
        return self.STATUSES.get(self.code, 403)


class TooLarge(LedgerError):
    """The upload is larger than allowed."""

    code = "too_large"
    status = 413


class Unsupported(LedgerError):
    """The upload's type is not accepted."""

    code = "unsupported_type"
    status = 415


class RateLimited(LedgerError):
    """Too many uploads (or imports, retries, exports: `code` says which) from this owner in the last minute."""

    code = "rate_limited"
    status = 429

    def __init__(self, detail: str = "", *, code: str | None = None, retry_after: int = 60):
        super().__init__(detail, code=code)
        self.retry_after = retry_after


class Busy(LedgerError):
    """This owner already has an import running; one at a time."""

    code = "import_running"
    status = 409

    def __init__(self, detail: str = "", *, retry_after: int = 5):
        super().__init__(detail)
        self.retry_after = retry_after


class BlobChanged(LedgerError):
    """The blob was written again between the check of its properties and the read of its bytes."""

    code = "image_changed"
    status = 409


class Unauthorized(LedgerError):
    """No signed-in principal, or a sign-in that did not succeed (bad_credentials, otp_required, bad_otp)."""

    code = "unauthorized"
    status = 401


class Forbidden(LedgerError):
    """The person is signed in but may not do this (a wrong current password, a used first-run link)."""

    code = "wrong_password"
    status = 403


class AccountsOff(LedgerError):
    """An account route on an install whose AUTH_MODE is not accounts."""

    code = "accounts_off"
    status = 404


class UsernameTaken(LedgerError):
    """Another account already has this username."""

    code = "username_taken"
    status = 409


class TooManyAttempts(LedgerError):
    """Sign-ins for this username or from this address failed too often: slow_down or locked_out, for a while."""

    code = "locked_out"
    status = 429


class StorageUnavailable(LedgerError):
    """Blob Storage did not answer."""

    code = "storage_unavailable"
    status = 503


class InvoiceRecorded(LedgerError):
    """This invoice's number is already on a record: confirming it again would count it twice."""

    code = "invoice_recorded"
    status = 409


class CategoryError(LedgerError):
    """A category edit that cannot be done (bad name, duplicate, parent, icon, colour, order, merge); `code` says
    which."""

    code = "bad_category_name"
    STATUSES = {"category_exists": 409, "category_has_children": 409, "bad_request": 400}

    @property
    def status(self) -> int:
        """409 for a name taken or a category that still has sub-categories, 400 for a malformed body, else 422."""
        return self.STATUSES.get(self.code, 422)
