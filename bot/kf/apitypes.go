package kf

// The request and answer types of the KF API calls the Service makes.
// Its own rather than silenceper/wechat's work/kf ones: that package links
// the library's token and cache packages, and through them Redis
// (go-redis v8) and memcached clients, into the binary. The sendmsg and
// sendmsgonevent packages stand alone and are still used.

type accountInfo struct {
	OpenKFID        string `json:"open_kfid"`
	Name            string `json:"name"`
	Avatar          string `json:"avatar"`
	ManagePrivilege bool   `json:"manage_privilege"`
}

type accountList struct {
	AccountList []accountInfo `json:"account_list"`
}

type accountPaging struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

type syncMsgRequest struct {
	Cursor   string `json:"cursor"`
	Token    string `json:"token"`
	Limit    uint   `json:"limit"`
	OpenKfID string `json:"open_kfid,omitempty"`
}

type stateGetRequest struct {
	OpenKFID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
}

type stateGetAnswer struct {
	ServiceState  int    `json:"service_state"`
	ServiceUserID string `json:"service_userid"`
}

type stateTransRequest struct {
	OpenKFID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
	ServiceState   int    `json:"service_state"`
	ServicerUserID string `json:"servicer_userid"`
}

type stateTransAnswer struct {
	MsgCode string `json:"msg_code"`
}
