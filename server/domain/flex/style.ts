// The CSS behind the Flex renderer's class names (fx-…): one stylesheet for the sandbox inbox and the admin preview.
export const flexCss = `
.fx-carousel{display:flex;gap:8px}
.fx-bubble{background:#fff;border-radius:16px;overflow:hidden;flex:none;max-width:100%}
.fx-box{display:flex;min-width:0}.fx-box>*{min-width:0}
.fx-text{font-size:16px;line-height:1.4}
.fx-image-slot{display:flex;justify-content:center}.fx-image{display:block;max-width:100%}.fx-missing{background:#ddd;color:#777;display:flex;align-items:center;justify-content:center}
.fx-separator{border:0 solid #e5e5e5;flex:0 0 auto}.fx-separator-h{border-top-width:1px}.fx-separator-v{border-left-width:1px;align-self:stretch}
.fx-tap{display:flex;margin:0}.fx-tap>.fx-button{flex:1}.fx-button{border:none;border-radius:8px;font-size:15px;padding:8px;cursor:pointer;text-align:center;text-decoration:none;display:flex;align-items:center;justify-content:center}
.fx-primary{background:#06c755;color:#fff}.fx-secondary{background:#e8e8e8;color:#111}.fx-link{background:none;color:#42659a}
.fx-button:disabled{opacity:.5;cursor:not-allowed}
`
