// Every string the page shows, in 简体中文 (default) and English; data values stay as stored.

const DICT = {
  zh: {
    'app.name': '截图记账',
    'app.title': '截图记账',
    'a11y.skip': '跳到正文',
    'a11y.close': '关闭',
    'a11y.notice': '通知',
    'lang.switch': 'English',
    'lang.switchLabel': 'Switch to English',
    'auth.single': '单用户模式',
    'auth.singleTitle': '本机运行，未启用登录，所有数据属于同一个人',
    'auth.signOut': '退出',
    'signin.title': '登录',
    'signin.intro': '登录后会回到刚才的页面，已经填写的内容不会丢失。',
    'signin.noAccount': '还没有账户：请打开应用启动时终端里打印的一次性链接，创建第一个账户。',
    'signin.setupDone': '这台设备上已经有账户了，请直接登录。',
    'signin.username': '用户名',
    'signin.password': '密码',
    'signin.otp': '验证码',
    'signin.otpHint': '验证器 App 上的 6 位数字，或者一个恢复码',
    'signin.submit': '登录',
    'signin.missing': '请填写用户名和密码。',
    'setup.title': '创建第一个账户',
    'setup.intro': '这是这台设备上的第一个账户，之前记的账都会归到这个账户下。',
    'setup.password': '设置密码（至少 8 个字符）',
    'setup.repeat': '再输入一次密码',
    'setup.submit': '创建账户并登录',
    'setup.mismatch': '两次输入的密码不一样。',
    'account.title': '账户',
    'account.signedInAs': '当前登录：',
    'account.password': '修改密码',
    'account.current': '当前密码',
    'account.changePassword': '修改密码',
    'account.passwordChanged': '密码已修改，其他设备上的登录已经退出（{n} 个）。',
    'account.totp': '两步验证',
    'account.totpIsOn': '已开启：登录时除了密码，还要输入验证器 App 上的验证码。剩余恢复码 {n} 个。',
    'account.totpIsOff': '未开启。开启后，登录时除了密码，还要输入验证器 App 上的验证码。',
    'account.totpStart': '开启两步验证',
    'account.totpScan': '用验证器 App 扫描二维码，或者手动输入下面的密钥：',
    'account.totpQrAlt': '两步验证的二维码',
    'account.totpCode': 'App 上显示的 6 位验证码',
    'account.totpConfirm': '确认开启',
    'account.totpOn': '两步验证已开启。',
    'account.totpOff': '关闭两步验证',
    'account.totpTurnedOff': '两步验证已关闭。',
    'account.recoveryIntro': '请抄下这些恢复码并妥善保存：手机丢了时，用其中一个代替验证码登录，每个只能用一次。它们只显示这一次。',
    'account.sessions': '已登录的设备',
    'account.thisDevice': '这台设备',
    'account.unknownDevice': '未知设备',
    'account.lastSeen': '最近使用 {time} · {address}',
    'account.endSession': '退出这台设备',
    'account.sessionEnded': '那台设备已退出登录。',
    'account.signOutAll': '在所有设备上退出',
    'account.signOutAllAsk': '在所有设备上退出登录（包括这台）？',
    'account.history': '最近的登录记录',
    'account.historyEmpty': '还没有记录。',
    'outcome.ok': '登录成功',
    'outcome.ok_recovery_code': '用恢复码登录',
    'outcome.bad_password': '密码错误',
    'outcome.bad_otp': '验证码错误',
    'outcome.bad_current_password': '修改密码时当前密码错误',
    'outcome.password_changed': '修改了密码',
    'outcome.password_reset': '在命令行重设了密码',
    'outcome.totp_off': '关闭了两步验证',
    'nav.label': '主导航',
    'nav.home': '首页',
    'nav.upload': '记一笔',
    'nav.records': '账单',
    'nav.stats': '统计',
    'common.cancel': '取消',
    'common.loading': '加载中…',

    'home.title': '首页',
    'home.monthExpense': '本月支出',
    'home.monthIncome': '本月收入',
    'home.count': '共 {n} 笔',
    'home.today': '今天',
    'home.yesterday': '昨天',
    'home.dayCount': '{n} 笔',
    'home.more': '比昨天多 {amount}',
    'home.less': '比昨天少 {amount}',
    'home.same': '和昨天一样',
    'home.topCategories': '本月分类排行',
    'home.topEmpty': '本月还没有支出。',
    'home.inbox': '待确认',
    'home.inboxEmpty': '没有待确认的截图。',
    'home.addMore': '上传截图',
    'home.upload': '上传截图记一笔',
    'home.manual': '手动记一笔',
    'home.summaryUnavailable': '暂时拿不到统计数据。',
    'home.items': '{n} 笔',
    'home.noMerchant': '未识别商户',

    'upload.title': '记一笔',
    'upload.pick': '选择支付截图（可多选）',
    'upload.hint': 'PNG、JPEG、WebP、HEIC 截图，或 PDF、OFD、XML 电子发票，每个不超过 10 MB',
    'upload.manual': '没有截图？手动记一笔',
    'upload.queue': '上传队列',
    'upload.queueEmpty': '选好的截图会出现在这里，识别完成后点“核对”。',
    'upload.review': '核对',
    'upload.fillIn': '手动填写',
    'upload.retry': '重试',
    'upload.waiting': '排队中',
    'upload.preparing': '准备上传…',
    'upload.uploading': '上传中 {pct}%',
    'upload.added': '已加入 {n} 张截图',
    'upload.allDone': '{n} 张截图已识别，可以核对了',
    'upload.badType': '只支持 PNG、JPEG、WebP、HEIC 图片，以及 PDF、OFD、XML 电子发票。',
    'upload.notWhatItSays': '这个文件的内容不是它的扩展名所说的图片或发票，没有上传。',
    'upload.tooLarge': '图片不能超过 10 MB。',
    'upload.empty': '这个文件是空的。',
    'upload.putFailed': '图片没能上传到存储（{status}），请重试。',
    'upload.stillWorking': '还在识别，稍后可在首页“待确认”里找到。',
    'upload.shared': '收到分享的 {n} 张截图',

    'st.awaiting_upload': '等待上传',
    'st.recognizing': '识别中…',
    'st.ready': '已识别，待确认',
    'st.failed': '没能识别，可手动填写',
    'st.confirmed': '已确认',
    'st.discarded': '已放弃',

    'review.title': '核对',
    'review.imageAlt': '支付截图',
    'review.tapImage': '点图片放大 / 缩小',
    'review.loading': '正在读取草稿…',
    'review.recognizing': '正在识别截图，通常几秒钟…',
    'review.ready': '识别完成。请核对每一项，有“请核对”标记的最需要看一眼。',
    'review.readyMany': '这张截图里有 {n} 笔，关掉不想要的再确认。',
    'review.failed': '没能从截图中识别出账单：{reason} 请手动填写下面的内容。',
    'review.failedNoReason': '没能从截图中识别出账单，请手动填写下面的内容。',
    'review.confirmed': '这张截图已经确认过了。',
    'review.discarded': '这张截图已经放弃。',
    'review.item': '第 {n} 笔',
    'review.keep': '保留这一笔',
    'review.confirm': '确认',
    'review.confirmN': '确认 {n} 笔',
    'review.discardDuplicate': '不保存这张截图',
    'review.retry': '重新识别',
    'review.discard': '放弃',
    'review.discardAsk': '放弃这张截图？识别结果不会保存。',
    'review.discardOk': '放弃',
    'review.discardedDone': '已放弃这张截图。',
    'review.saved': '已保存 {n} 笔账单。',
    'review.noneKept': '至少保留一笔；都不要的话请点“放弃”。',
    'review.fixErrors': '有内容需要修改，请看标红的项。',
    'review.dupTitle': '可能重复',
    'review.dupText': '已有相似的账单：',
    'review.notFound': '找不到这张截图的草稿。',
    'review.retrying': '正在重新识别…',
    'review.next': '核对下一张',
    'review.notUploaded': '这张截图没有上传完成。可以放弃它，再重新选择截图上传。',
    'dup.order_no': '订单号相同',
    'dup.amount_time': '金额相同、时间接近',
    'dup.image': '同一张截图',
    'dup.same_image': '同一张截图',

    'f.amount': '金额',
    'f.direction': '收支',
    'f.occurred_at': '时间',
    'f.merchant': '商户',
    'f.platform': '支付平台',
    'f.payment_method': '支付方式',
    'f.category': '分类',
    'f.memo': '备注',
    'f.order_no': '订单号',
    'f.low': '请核对',
    'f.low.invalid': '请核对 · 识别的值无效',
    'f.low.engines_disagree': '请核对 · 两种识别结果不同',
    'f.low.far_from_capture': '请核对 · 日期离截图时间很远',
    'f.low.fully_discounted': '请核对 · 实付 ¥0.00（全额优惠）',
    'f.low.not_found': '请核对 · 没找到',
    'f.low.guessed': '请核对 · 猜测的',
    'f.low.unclear': '请核对 · 看不清',
    'f.lowSr.invalid': '（请核对：识别的值无效）',
    'f.lowSr.engines_disagree': '（请核对：两种识别结果不同）',
    'f.lowSr.far_from_capture': '（请核对：日期离截图时间很远）',
    'f.lowSr.fully_discounted': '（请核对：实付 ¥0.00，全额优惠，请填写金额或丢弃）',
    'f.lowSr.not_found': '（请核对：没找到）',
    'f.lowSr.guessed': '（请核对：猜测的）',
    'f.lowSr.unclear': '（请核对：看不清）',
    'f.noCategory': '未分类',
    'f.amountRequired': '请填写金额。',
    'f.amountInvalid': '金额要写成数字，例如 128.50。',
    'f.amountZero': '金额要大于 0。',
    'f.amountTooBig': '金额太大了，请检查。',
    'f.timeRequired': '请填写时间。',

    'dir.expense': '支出',
    'dir.income': '收入',
    'dir.refund': '退款',
    'dir.transfer': '转账',

    'new.title': '手动记一笔',
    'new.save': '保存',
    'new.saved': '已保存。',

    'records.title': '账单',
    'records.importLink': '导入 / 导出账单',
    'records.search': '搜索',
    'records.searchPlaceholder': '搜索商户、备注、订单号',
    'records.filters': '筛选',
    'records.filtersOn': '筛选（已选 {n} 项，列表只显示符合的账单）',
    'records.from': '开始日期',
    'records.to': '结束日期',
    'records.all': '全部',
    'records.clear': '清除筛选',
    'records.empty': '没有找到账单。',
    'records.more': '加载更多',
    'records.end': '没有更多了',
    'records.dayTotal': '支出 {expense}',
    'records.dayTotalBoth': '支出 {expense} · 收入 {income}',
    'records.dayIncome': '收入 {income}',
    'records.save': '保存',
    'records.delete': '删除',
    'records.saved': '已保存修改。',
    'records.noChange': '没有改动。',
    'records.deleted': '已删除 {what}',
    'records.undo': '撤销',
    'records.restored': '已恢复。',
    'records.conflict': '这笔账单刚在别处改过。下面是现在保存的内容：',
    'records.keepMine': '用我的修改覆盖',
    'records.takeTheirs': '改用现在的内容',
    'records.conflictMine': '你的修改：{value}',
    'records.loaded': '已加载 {n} 笔',
    'records.empty_value': '（空）',

    'stats.title': '统计',
    'stats.unavailable': '统计页面没能加载：{message}',

    'day.today': '今天',
    'day.yesterday': '昨天',

    'err.network': '网络连接失败，请检查网络后再试。',
    'err.http': '服务器出了点问题（{status}），请稍后再试。',
    'err.badResponse': '服务器的回答看不懂，请稍后再试。',
  },
  en: {
    'app.name': 'SnapLedger',
    'app.title': 'SnapLedger',
    'a11y.skip': 'Skip to content',
    'a11y.close': 'Close',
    'a11y.notice': 'Notice',
    'lang.switch': '中文',
    'lang.switchLabel': '切换到中文',
    'auth.single': 'Single user',
    'auth.singleTitle': 'Running on this machine without sign-in; all data belongs to one person',
    'auth.signOut': 'Sign out',
    'signin.title': 'Sign in',
    'signin.intro': 'After signing in you are back where you were; nothing you typed is lost.',
    'signin.noAccount': 'There is no account yet: open the one-time link the app printed in its terminal when it started to create the first one.',
    'signin.setupDone': 'This install already has an account; sign in.',
    'signin.username': 'Username',
    'signin.password': 'Password',
    'signin.otp': 'Code',
    'signin.otpHint': 'The 6 digits in your authenticator app, or a recovery code',
    'signin.submit': 'Sign in',
    'signin.missing': 'Enter your username and password.',
    'setup.title': 'Create the first account',
    'setup.intro': 'This is the first account on this install; everything recorded so far will belong to it.',
    'setup.password': 'Choose a password (at least 8 characters)',
    'setup.repeat': 'Repeat the password',
    'setup.submit': 'Create the account and sign in',
    'setup.mismatch': 'The two passwords differ.',
    'account.title': 'Account',
    'account.signedInAs': 'Signed in as ',
    'account.password': 'Change password',
    'account.current': 'Current password',
    'account.changePassword': 'Change password',
    'account.passwordChanged': 'Password changed; other devices were signed out ({n}).',
    'account.totp': 'Two-step sign-in',
    'account.totpIsOn': 'On: signing in asks for a code from your authenticator app as well as the password. {n} recovery codes left.',
    'account.totpIsOn_one': 'On: signing in asks for a code from your authenticator app as well as the password. 1 recovery code left.',
    'account.totpIsOff': 'Off. When on, signing in asks for a code from your authenticator app as well as the password.',
    'account.totpStart': 'Turn on two-step sign-in',
    'account.totpScan': 'Scan the QR code with an authenticator app, or type in this key:',
    'account.totpQrAlt': 'QR code for two-step sign-in',
    'account.totpCode': 'The 6-digit code the app shows',
    'account.totpConfirm': 'Turn it on',
    'account.totpOn': 'Two-step sign-in is on.',
    'account.totpOff': 'Turn off two-step sign-in',
    'account.totpTurnedOff': 'Two-step sign-in is off.',
    'account.recoveryIntro': 'Write these recovery codes down and keep them safe: if you lose your phone, one signs you in instead of a code, once each. They are shown only now.',
    'account.sessions': 'Signed-in devices',
    'account.thisDevice': 'This device',
    'account.unknownDevice': 'Unknown device',
    'account.lastSeen': 'Last used {time} · {address}',
    'account.endSession': 'Sign out that device',
    'account.sessionEnded': 'That device was signed out.',
    'account.signOutAll': 'Sign out everywhere',
    'account.signOutAllAsk': 'Sign out on every device, this one included?',
    'account.history': 'Recent sign-ins',
    'account.historyEmpty': 'Nothing yet.',
    'outcome.ok': 'Signed in',
    'outcome.ok_recovery_code': 'Signed in with a recovery code',
    'outcome.bad_password': 'Wrong password',
    'outcome.bad_otp': 'Wrong code',
    'outcome.bad_current_password': 'Wrong current password when changing it',
    'outcome.password_changed': 'Password changed',
    'outcome.password_reset': 'Password reset on the command line',
    'outcome.totp_off': 'Two-step sign-in turned off',
    'nav.label': 'Main navigation',
    'nav.home': 'Home',
    'nav.upload': 'Add',
    'nav.records': 'Records',
    'nav.stats': 'Stats',
    'common.cancel': 'Cancel',
    'common.loading': 'Loading…',

    'home.title': 'Home',
    'home.monthExpense': 'Spent this month',
    'home.monthIncome': 'Income this month',
    'home.count': '{n} records',
    'home.count_one': '1 record',
    'home.today': 'Today',
    'home.yesterday': 'Yesterday',
    'home.dayCount': '{n} records',
    'home.dayCount_one': '1 record',
    'home.more': '{amount} more than yesterday',
    'home.less': '{amount} less than yesterday',
    'home.same': 'Same as yesterday',
    'home.topCategories': 'Top categories this month',
    'home.topEmpty': 'No spending this month yet.',
    'home.inbox': 'To review',
    'home.inboxEmpty': 'Nothing waiting for review.',
    'home.addMore': 'Upload screenshots',
    'home.upload': 'Add from screenshots',
    'home.manual': 'Add by hand',
    'home.summaryUnavailable': 'The summary is not available right now.',
    'home.items': '{n} items',
    'home.items_one': '1 item',
    'home.noMerchant': 'Merchant not recognized',

    'upload.title': 'Add',
    'upload.pick': 'Choose payment screenshots (several at once)',
    'upload.hint': 'PNG, JPEG, WebP or HEIC screenshots, or PDF, OFD or XML e-invoices, up to 10 MB each',
    'upload.manual': 'No screenshot? Add one by hand',
    'upload.queue': 'Upload queue',
    'upload.queueEmpty': 'Screenshots you pick show up here; tap “Review” when they are read.',
    'upload.review': 'Review',
    'upload.fillIn': 'Fill in',
    'upload.retry': 'Retry',
    'upload.waiting': 'Waiting',
    'upload.preparing': 'Preparing upload…',
    'upload.uploading': 'Uploading {pct}%',
    'upload.added': 'Added {n} screenshots',
    'upload.added_one': 'Added 1 screenshot',
    'upload.allDone': '{n} screenshots read, ready to review',
    'upload.allDone_one': '1 screenshot read, ready to review',
    'upload.badType': 'Only PNG, JPEG, WebP and HEIC images and PDF, OFD or XML e-invoices are supported.',
    'upload.notWhatItSays': 'This file is not the image or invoice its name says; it was not uploaded.',
    'upload.tooLarge': 'Images must be 10 MB or smaller.',
    'upload.empty': 'This file is empty.',
    'upload.putFailed': 'The image could not be stored ({status}); please retry.',
    'upload.stillWorking': 'Still reading; you will find it under “To review” on Home.',
    'upload.shared': 'Received {n} shared screenshots',
    'upload.shared_one': 'Received 1 shared screenshot',

    'st.awaiting_upload': 'Waiting for upload',
    'st.recognizing': 'Reading…',
    'st.ready': 'Read, ready to review',
    'st.failed': 'Could not read it; fill in by hand',
    'st.confirmed': 'Confirmed',
    'st.discarded': 'Discarded',

    'review.title': 'Review',
    'review.imageAlt': 'Payment screenshot',
    'review.tapImage': 'Tap the image to zoom in or out',
    'review.loading': 'Loading the draft…',
    'review.recognizing': 'Reading the screenshot, usually a few seconds…',
    'review.ready': 'Done. Check each field; the ones marked “Check” need a look most.',
    'review.readyMany': 'This screenshot holds {n} payments; switch off the ones you do not want, then confirm.',
    'review.failed': 'No payment could be read from the screenshot: {reason} Please fill in the form by hand.',
    'review.failedNoReason': 'No payment could be read from the screenshot. Please fill in the form by hand.',
    'review.confirmed': 'This screenshot is already confirmed.',
    'review.discarded': 'This screenshot was discarded.',
    'review.item': 'Payment {n}',
    'review.keep': 'Keep this one',
    'review.confirm': 'Confirm',
    'review.confirmN': 'Confirm {n} payments',
    'review.confirmN_one': 'Confirm 1 payment',
    'review.discardDuplicate': 'Save nothing from this screenshot',
    'review.retry': 'Read again',
    'review.discard': 'Discard',
    'review.discardAsk': 'Discard this screenshot? Nothing from it will be saved.',
    'review.discardOk': 'Discard',
    'review.discardedDone': 'Screenshot discarded.',
    'review.saved': 'Saved {n} records.',
    'review.saved_one': 'Saved 1 record.',
    'review.noneKept': 'Keep at least one payment, or tap “Discard”.',
    'review.fixErrors': 'Some fields need fixing; see the ones marked in red.',
    'review.dupTitle': 'Possible duplicate',
    'review.dupText': 'A similar record exists:',
    'review.notFound': 'This draft could not be found.',
    'review.retrying': 'Reading again…',
    'review.next': 'Review the next one',
    'review.notUploaded': 'This screenshot never finished uploading. Discard it and pick the screenshot again.',
    'dup.order_no': 'same order number',
    'dup.amount_time': 'same amount, close in time',
    'dup.image': 'same screenshot',
    'dup.same_image': 'same screenshot',

    'f.amount': 'Amount',
    'f.direction': 'Type',
    'f.occurred_at': 'Time',
    'f.merchant': 'Merchant',
    'f.platform': 'Platform',
    'f.payment_method': 'Paid with',
    'f.category': 'Category',
    'f.memo': 'Note',
    'f.order_no': 'Order number',
    'f.low': 'Check',
    'f.low.invalid': 'Check · The value read was not valid',
    'f.low.engines_disagree': 'Check · The two readings differ',
    'f.low.far_from_capture': 'Check · Far from when the screenshot was taken',
    'f.low.fully_discounted': 'Check · Paid ¥0.00 (fully discounted)',
    'f.low.not_found': 'Check · Not found',
    'f.low.guessed': 'Check · A guess',
    'f.low.unclear': 'Check · Hard to read',
    'f.lowSr.invalid': '(please check: the value read was not valid)',
    'f.lowSr.engines_disagree': '(please check: the two readings differ)',
    'f.lowSr.far_from_capture': '(please check: far from when the screenshot was taken)',
    'f.lowSr.fully_discounted': '(please check: paid ¥0.00, fully discounted; enter an amount or discard)',
    'f.lowSr.not_found': '(please check: not found)',
    'f.lowSr.guessed': '(please check: a guess)',
    'f.lowSr.unclear': '(please check: hard to read)',
    'f.noCategory': 'Uncategorized',
    'f.amountRequired': 'Enter an amount.',
    'f.amountInvalid': 'Write the amount as a number, e.g. 128.50.',
    'f.amountZero': 'The amount must be more than 0.',
    'f.amountTooBig': 'That amount is too large; please check it.',
    'f.timeRequired': 'Enter a time.',

    'dir.expense': 'Expense',
    'dir.income': 'Income',
    'dir.refund': 'Refund',
    'dir.transfer': 'Transfer',

    'new.title': 'Add by hand',
    'new.save': 'Save',
    'new.saved': 'Saved.',

    'records.title': 'Records',
    'records.importLink': 'Import / export bills',
    'records.search': 'Search',
    'records.searchPlaceholder': 'Search merchant, note, order number',
    'records.filters': 'Filters',
    'records.filtersOn': 'Filters ({n} on: the list shows only matching records)',
    'records.filtersOn_one': 'Filters (1 on: the list shows only matching records)',
    'records.from': 'From',
    'records.to': 'To',
    'records.all': 'All',
    'records.clear': 'Clear filters',
    'records.empty': 'No records found.',
    'records.more': 'Load more',
    'records.end': 'That is everything',
    'records.dayTotal': 'Spent {expense}',
    'records.dayTotalBoth': 'Spent {expense} · In {income}',
    'records.dayIncome': 'In {income}',
    'records.save': 'Save',
    'records.delete': 'Delete',
    'records.saved': 'Changes saved.',
    'records.noChange': 'Nothing changed.',
    'records.deleted': 'Deleted {what}',
    'records.undo': 'Undo',
    'records.restored': 'Restored.',
    'records.conflict': 'This record was just changed elsewhere. This is what is saved now:',
    'records.keepMine': 'Save my changes anyway',
    'records.takeTheirs': 'Use the current values',
    'records.conflictMine': 'yours: {value}',
    'records.loaded': 'Loaded {n} records',
    'records.loaded_one': 'Loaded 1 record',
    'records.empty_value': '(empty)',

    'stats.title': 'Statistics',
    'stats.unavailable': 'The statistics screen failed to load: {message}',

    'day.today': 'Today',
    'day.yesterday': 'Yesterday',

    'err.network': 'Could not reach the server. Check your connection and try again.',
    'err.http': 'Something went wrong on the server ({status}). Please try again later.',
    'err.badResponse': 'The server sent an answer the page could not read. Please try again later.',
  },
};

const STORAGE_KEY = 'snapledger.lang';
const listeners = new Set();

/** The language chosen earlier on this device, or 简体中文. */
function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Storage can be blocked (private mode); the default language still works.
  }
  return 'zh';
}

let lang = initialLang();

/** The current language code: 'zh' or 'en'. */
export function getLang() {
  return lang;
}

/** The Accept-Language value the API should answer in. */
export function acceptLanguage() {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/** The BCP 47 tag for Intl formatting and the html lang attribute. */
export function locale() {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/**
 * Add a screen's own sentences ({zh: {...}, en: {...}}) to the one dictionary; a screen module calls this once
 * when it is first loaded, so its strings travel with it instead of with the first page load.
 */
export function addStrings(bundle) {
  for (const code of Object.keys(DICT)) Object.assign(DICT[code], bundle[code] || {});
}

/** Translate `key`, filling `{name}` placeholders from `vars`; `vars.n === 1` picks the `key_one` form. */
export function t(key, vars) {
  const one = vars && Number(vars.n) === 1 ? DICT[lang][`${key}_one`] : undefined;
  const text = one ?? DICT[lang][key] ?? DICT.zh[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** Mark `el` so its text is `key` translated now and after every language switch. */
export function setText(el, key, vars) {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  el.textContent = t(key, vars);
}

/** Translate every marked element under `root` (a document or a cloned template). */
export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : undefined;
    el.textContent = t(el.dataset.i18n, vars);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
  for (const el of root.querySelectorAll('[data-i18n-alt]')) {
    el.alt = t(el.dataset.i18nAlt);
  }
}

/** Switch the page language, remember it, and let views re-render their formatted parts. */
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, but the switch still applies to this visit.
  }
  applyDocument();
  for (const fn of listeners) fn(lang);
}

/** Translate the whole document and its title/lang attributes. */
export function applyDocument() {
  document.documentElement.lang = locale();
  document.title = t('app.title');
  applyI18n(document);
}

/** Call `fn` after each language switch. */
export function onLangChange(fn) {
  listeners.add(fn);
}
