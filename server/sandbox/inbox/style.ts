// The inbox page's CSS: a LINE-chat look (green own bubbles, white shop bubbles on a blue-grey background).
export const inboxCss = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;background:#8cabd8;color:#111}
header{background:#273246;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header h1{font-size:16px;margin:0;flex:1}header select,header button{font-size:14px}
main{max-width:720px;margin:0 auto;padding:12px}
.row{display:flex;gap:8px;margin:10px 0;align-items:flex-end}.row.me{justify-content:flex-end}
.avatar{width:36px;height:36px;border-radius:50%;background:#06c755;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;flex:none}
.col{display:flex;flex-direction:column;gap:2px;max-width:85%}.sender{font-size:12px;color:#24324a}
.time{font-size:11px;color:#24324a;white-space:nowrap}
.bubble{background:#fff;border-radius:16px;padding:8px 12px;white-space:pre-wrap;word-break:break-word;font-size:15px}
.me .bubble{background:#06c755;color:#fff}.bubble.other{color:#555;font-style:italic}
.flex{overflow-x:auto}.fx-carousel{display:flex;gap:8px}
.fx-bubble{background:#fff;border-radius:16px;overflow:hidden;flex:none;max-width:100%}
.fx-header,.fx-body,.fx-footer{padding:16px}.fx-footer{padding-top:8px}
.fx-box{display:flex;min-width:0}.fx-text{min-width:0;font-size:14px}
.fx-image{display:block;max-width:100%;margin:0 auto}.fx-hero .fx-image{width:100%}.fx-missing{background:#ddd;color:#777;display:flex;align-items:center;justify-content:center}
.fx-separator{border:none;border-top:1px solid #ddd;width:100%;margin:0}
.fx-tap{display:flex;flex:1;margin:0}.fx-button{flex:1;border:none;border-radius:8px;font-size:15px;padding:8px;cursor:pointer;text-align:center;text-decoration:none;display:flex;align-items:center;justify-content:center}
.fx-primary{background:#06c755;color:#fff}.fx-secondary{background:#e8e8e8;color:#111}.fx-link{background:none;color:#42659a}
.fx-button:disabled{opacity:.5;cursor:not-allowed}
.empty{background:#fff8;border-radius:12px;padding:24px;text-align:center}
form.say{display:flex;gap:8px;margin-top:16px}form.say input{flex:1;padding:10px;border-radius:20px;border:1px solid #ccc;font-size:15px}
form.say button{border:none;background:#06c755;color:#fff;border-radius:20px;padding:0 16px;font-size:15px}
`
