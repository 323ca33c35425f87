// Package ucpaastest is a simulator of the UCPaaS (云之讯) cloud-communications platform, for tests
// and demos, in the spirit of net/http/httptest.
//
// NewServer starts a simulator on a loopback port; NewSimulator returns the same thing as a plain
// http.Handler to serve wherever you like. It answers as the platform does: HTTP 200 with the
// outcome as a six-digit return code in the body. Operation names (for Fault) are those of package
// operation.
//
// # Family A: REST API 2014-06-30 and 2015-06-30
//
// Paths /{2014-06-30|2015-06-30}/Accounts/{sid}/…, JSON or XML chosen by a ".json"/".xml" path
// suffix, else by Accept, else by Content-Type (JSON by default); replies
// {"resp":{"respCode":…,…}} or <resp><respCode>…</respCode>…</resp>. Both versions serve every
// path below.
//
//	GET  (the account itself)    account_info: resp.account.balance in yuan ("1002.00"), status
//	POST /Clients                create_client (appId, friendlyName, mobile, userId, clientType, charge)
//	GET  /Clients                query_client (clientNumber)
//	GET  /ClientsByMobile        query_client_by_mobile (mobile)
//	GET  /ClientsByUserId        query_client_by_user_id (userId)
//	POST /dropClient             drop_client
//	POST /clientList             list_clients (start, limit ≤ 100)
//	POST /chargeClient           charge_client (clientNumber, chargeType 0 to / 1 from the sub-account, charge in yuan)
//	POST /billList               app_bill (appBill: date day|week|month)
//	POST /Clients/billList       client_bill (clientBill: clientNumber, date)
//	POST /Calls/callBack         callback (fromClient, to)
//	POST /Calls/callCancel       cancel_callback (callId)
//	POST /Calls/voiceCode        voice_code (verifyCode, to, displayNum)
//	POST /Calls/voiceNotify      voice_notify (to, type, content)
//	POST /Messages/templateSMS   template_sms (templateId, to, param)
//	POST /Roam/Open, /Roam/Close roam_open, roam_close (clientNumber; callbacks answer 104131 while open)
//	POST /safetyCalls/allocNumber, freeNumber, applyNumber
//	                             safety_call_alloc_number (caller, callee), …_free_number (orderId), …_apply_number
//	POST /Conference/{create,invite,dismiss,mute,unmute,deaf,undeaf,remove,query,record,stopRecord}
//	                             conference_<action> (family A': creator, maxMember, confId, to)
//	POST /im/group/{createGroup,dismissGroup,joinGroupBatch,quitGroup,updateGroup,getGroup}
//	                             im_group_<action> (imGroup body: userId, groupId, groupName)
//
// The 2015-06-30 SDK's /2015-06-30/restApi/{sid}/ClientsByMobile and /ClientsByUserId are served
// too (query_client_by_mobile, query_client_by_user_id). Builder makes every kind of request.
// Where the public SDKs do not show a reply's field names (bills, safety calls, conference, IM
// groups) the simulator's are inferred and documented on the handler.
//
// # Family B: SMS open platform
//
// POST /ol/sms/sendsms and /ol/sms/sendsms_batch (send_sms, send_sms_batch): flat JSON with "code"
// and "msg", credentials (sid, token, appid) in the JSON body. sendsms_batch answers the real batch
// shape {"count_sum","create_date","uid","report":[{"count","code","msg","smsid","mobile"},…],
// "code","msg"}, the top-level code after the report, one report element per recipient: 100006 for
// a number that is not a mainland mobile, 105138 for a number repeated in the batch, 105107 for a
// blacklisted one (WithBlacklist, SetBlacklist), else accepted. Only accepted recipients are
// charged and counted in count_sum; the top-level code is 000000 when some were accepted,
// 100001/100019 when the money does not cover them (then each of them carries that code too and
// nothing is sent), the first recipient's code when none was.
//
// # Family C: SMS "open2"
//
// POST /sms-server/variablesms (variable_sms, parameters separated by ";"), /sms-server/templatesms
// (template_sms, by ",") and /sms-server/addsmstemplate (add_sms_template: templatename, content
// whose {placeholders} are the parameters): clientid and the lower-case hex MD5 of the account's
// Password (PasswordDigest) in the JSON body. Success answers "code" as the JSON number 0
// ({"code":0,"msg":"成功","total_fee":…,"data":[{"fee","mobile","sid"}]}); failures the catalog
// code as a string. A Fault on template_sms applies to family A's templateSMS and family C's
// templatesms alike, as the operation label does.
//
// # Checks and codes
//
// Requests are checked the way the platform checks them, with the platform's codes: the
// Authorization header and sig parameter (101100–101117), the account's status (101108–101111),
// the application (102100, 102102), templates (105110–105118, 105126, 105127), phone numbers
// (100006, 100008, 105120), sub-accounts (103xxx), conferences and groups (104119–104133) and
// money: every SMS (per recipient) and every call (also each conference invitee) costs the
// account's balance, and a request that cannot be paid answers 100001 (100019 when an application
// budget runs out). Account info shows the balance at resp.account.balance in yuan, as the
// platform does; SetBalance and TopUp change it while the simulator runs, Balance reads it.
//
// Timestamps are read as the platform's own SDKs write them: 14 digits (yyyyMMddHHmmss, Beijing
// time) or 17 (with milliseconds), minutes, seconds and hours past their range carried over (the
// PHP SDK's date("YmdHis")+7200 gives 20261202077600). A timestamp is on time when it is within
// the maximum age (WithMaxAge, default 50 minutes) of the clock, of the clock plus the PHP SDK's
// 72 minutes, or of the clock minus 8 hours (a client stamping local time on a UTC machine, as the
// Node SDK does). Others answer 101106; a missing timestamp 101103; one that is not 14 or 17
// digits, or names month 13, day 0 or hour 25, 101104.
//
// The platform's table has no code for a path it does not serve nor for a body that does not
// decode; the simulator answers the closest, HTTP 200 in the format of the path's family:
//
//   - 100007 (查无数据, not_found) for a path or method it does not serve (with an Allow header
//     when only the method is wrong), 101107 (请求地址SoftVersion参数有误) for a family A path whose
//     version is not 2014-06-30 or 2015-06-30;
//   - 100003 (不允许有空值, validation) for a body that does not decode: bad JSON, JSON that is not
//     an object (family A: not one object holding one object), XML that is not well-formed (the
//     official PHP SDK's <verifyCode>864209</clientNumber>). It names no field, unlike the
//     first missing field's code a half-read body would give. An empty body is not malformed: it
//     has no fields.
//
// # Faults
//
// Faults are scripted per operation with Fault: a forced code, a sequence of codes, a seeded
// probability mix, latency, and for batch sends a seeded share of recipients given a code
// (Fault.Recipients: e.g. 30% of the recipients get 105107). They apply after authentication, so
// authentication stories stay real, and they can be changed while the simulator runs (SetFault).
// WithLatency, apart from faults, delays every answer by a seeded draw (a median and a p99 with a
// tail), as a platform over the internet answers.
//
// Builder signs and builds requests the way the platform wants them, so tests and examples need no
// SDK; Sign does only the signing.
//
// The simulator's own traffic can be instrumented: pass WithMiddleware with a
// func(http.Handler) http.Handler that wraps its argument in middleware.NewHandler (or any other
// wrapper), and the simulator serves every request through it, so server-side metrics, logs and
// spans are exercised too. This package does not import middleware itself.
package ucpaastest
