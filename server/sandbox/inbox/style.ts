// The inbox page's CSS: a LINE-chat look (green own bubbles, white shop bubbles on a blue-grey background).
import { flexCss } from '../../domain/flex/style'

export const inboxCss = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;background:#8cabd8;color:#111}
header{background:#273246;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header h1{font-size:16px;margin:0;flex:1 1 100%}header select,header button{font-size:14px}
header form{margin:0}.tools{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.tool{display:inline-flex;align-items:center;min-height:36px;padding:0 12px;border-radius:18px;border:1px solid #ffffff66;background:none;color:#fff;font:inherit;font-size:13px;text-decoration:none;cursor:pointer}
.confirm{background:#fff;border-radius:12px;padding:16px;margin:12px 0;border:2px solid #d93025}.confirm h2{font-size:16px;margin:0 0 8px}.confirm p{margin:0 0 12px;font-size:14px}
.confirm-actions{display:flex;gap:12px;justify-content:flex-end;align-items:center}.confirm-actions a{color:#24324a}
.danger{background:#d93025;color:#fff;border:none;border-radius:8px;padding:10px 16px;font-size:15px;cursor:pointer}
.chat-foot{max-width:720px;margin:0 auto;padding:0 12px 12px}
.richmenu{margin-top:12px;background:#fff;border-radius:12px;overflow:hidden}.richmenu summary{padding:10px;text-align:center;font-size:14px;cursor:pointer;border-bottom:1px solid #e5e5e5}
.rm-image{position:relative;width:100%}.rm-image img{display:block;width:100%;height:100%}
.rm-area{display:block;width:100%;height:100%;margin:0;padding:0;border:0;background:transparent;cursor:pointer}.rm-area:hover,.rm-area:focus-visible{background:#ffffff26;outline:2px solid #fff;outline-offset:-4px}
.rm-label{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
main{max-width:720px;margin:0 auto;padding:12px}
.row{display:flex;gap:8px;margin:10px 0;align-items:flex-end}.row.me{justify-content:flex-end}
.avatar{width:36px;height:36px;border-radius:50%;background:#06c755;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;flex:none}
.col{display:flex;flex-direction:column;gap:2px;max-width:85%;min-width:0;flex:0 1 auto}.sender{font-size:12px;color:#24324a}
.time{font-size:11px;color:#24324a;white-space:nowrap}
.bubble{background:#fff;border-radius:16px;padding:8px 12px;white-space:pre-wrap;word-break:break-word;font-size:15px}
.me .bubble{background:#06c755;color:#fff}.bubble.other{color:#555;font-style:italic}
.flex{overflow-x:auto}${flexCss}
.empty{background:#fff8;border-radius:12px;padding:24px;text-align:center}
form.say{display:flex;gap:8px;margin-top:4px}form.say input{flex:1;padding:10px;border-radius:20px;border:1px solid #ccc;font-size:15px}
form.say button{border:none;background:#06c755;color:#fff;border-radius:20px;padding:0 16px;font-size:15px}
`
