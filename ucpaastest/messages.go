package ucpaastest

// messages holds the platform's texts for the codes the simulator answers by itself and for the
// faults most often scripted; family B replies carry them as "msg". WithMessages supplies others.
var messages = map[string]string{
	"000000": "OK",
	"100001": "余额不足",
	"100006": "手机号不合法",
	"100003": "不允许有空值",
	"100007": "查无数据",
	"100008": "手机号码为空",
	"100019": "应用餘額不足",
	"100500": "HTTP状态码不等于200",
	"100699": "系统内部错误",
	"101107": "请求地址SoftVersion参数有误",
	"101108": "主账户已关闭",
	"101109": "主账户未激活",
	"101110": "主账户已锁定",
	"101111": "主账户不存在",
	"101112": "主账户ID为空",
	"101115": "请求token校验失败",
	"101117": "主账号token不存在",
	"102100": "应用ID为空",
	"102102": "应用不存在",
	"105107": "黑名单",
	"105110": "短信模板ID不存在",
	"105112": "短信模板替换个数与实际参数个数不匹配",
	"105113": "短信模板ID为空",
	"105117": "模板ID含非法字符",
	"105118": "短信模板有替换内容,但参数为空",
	"105120": "手机号码不能超过100个",
	"105122": "同一天同一用户不能发超过N条验证码",
	"105126": "短信模板名称错误",
	"105127": "短信模板内容错误",
	"105138": "群发短信号码不能重复",
}

// fallbackMessage is the msg of a code nobody has a text for.
const fallbackMessage = "失败"

// message returns the msg text of a code.
func (s *Simulator) message(code string) string {
	if s.cfg.messages != nil {
		if m := s.cfg.messages(code); m != "" {
			return m
		}
	}
	if m, found := messages[code]; found {
		return m
	}
	return fallbackMessage
}
