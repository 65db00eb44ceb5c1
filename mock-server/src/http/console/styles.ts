/**
 * The console's look: close to DingTalk's developer console (white header, grey page, blue primary
 * #0089ff, left navigation, right drawer, orange release banner). Pixel values are a look-alike (U).
 * Class names: cs-* for the console frame; dt-* classes of the message pages live with them.
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#171a1d;background:#f2f3f5}
a{color:#0089ff;text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.en{color:#a2a3a4;font-size:12px;font-weight:normal;margin-left:6px}
.muted{color:#a2a3a4}.small{font-size:12px}
.en-line{color:#a2a3a4;font-size:12px}
form.cs-inline{display:inline-block;margin-left:8px}
.dt-dtlink-unknown{color:#747677;border-bottom:1px dashed #c9cdd4;cursor:help}.dt-dtlink-unknown::after{content:"（钉钉客户端链接）";color:#a2a3a4;font-size:12px}
.cs-header{height:56px;background:#fff;border-bottom:1px solid #e5e6eb;display:flex;align-items:center;padding:0 20px;gap:24px;position:sticky;top:0;z-index:5}
.cs-logo{display:flex;align-items:center;gap:8px;font-size:16px;font-weight:600;color:#171a1d}
.cs-logo i{display:inline-flex;width:28px;height:28px;border-radius:7px;background:#0089ff;color:#fff;font-style:normal;align-items:center;justify-content:center;font-size:15px}
.cs-topnav{display:flex;gap:22px}.cs-topnav a,.cs-topnav span{color:#171a1d}.cs-topnav .on{color:#0089ff;font-weight:600}
.cs-topnav span{color:#747677;cursor:default}
.cs-right{margin-left:auto;display:flex;align-items:center;gap:16px;color:#747677}
.cs-sandbox-tag{background:#fff3e8;color:#ff7d00;border:1px solid #ffc999;border-radius:4px;padding:0 6px;font-size:12px}
.cs-org{display:flex;align-items:center;gap:6px}.cs-org select{max-width:260px}
.cs-body{display:flex;min-height:calc(100vh - 56px)}
.cs-side{width:208px;flex:none;background:#fff;border-right:1px solid #e5e6eb;padding:12px 0}
.cs-side h4{margin:14px 20px 4px;font-size:12px;color:#a2a3a4;font-weight:normal}
.cs-side a,.cs-side .off{display:block;padding:7px 20px 7px 28px;color:#171a1d}
.cs-side a.on{background:#e6f4ff;color:#0089ff;border-right:2px solid #0089ff}
.cs-side .off{color:#c9cdd4;cursor:not-allowed}
.cs-apphead{display:flex;align-items:center;gap:8px;padding:4px 16px 12px;border-bottom:1px solid #f0f0f0;margin-bottom:4px}
.cs-apphead a.back{font-size:18px;color:#747677}
.cs-apphead .meta{display:flex;flex-direction:column;min-width:0;gap:2px}
.cs-apphead .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.cs-apphead .cs-tag{align-self:flex-start}
.cs-icon{width:32px;height:32px;border-radius:8px;object-fit:cover;background:#0089ff;color:#fff;display:inline-flex;align-items:center;justify-content:center;flex:none}
.cs-tag{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;line-height:20px}
.cs-tag.dev{background:#e6f4ff;color:#0089ff}.cs-tag.on{background:#e8f8ee;color:#00b365}.cs-tag.off{background:#f2f3f5;color:#747677}
.cs-tag.bad{background:#ffece8;color:#f54a45}.cs-tag.warn{background:#fff3e8;color:#ff7d00}
.cs-main{flex:1;padding:16px 24px;min-width:0;overflow-wrap:anywhere}
.cs-title{display:flex;align-items:center;gap:12px;margin:0 0 12px}.cs-title h1{font-size:20px;margin:0}
.cs-panel{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px}
.cs-panel h2{font-size:16px;margin:0 0 12px}.cs-panel h3{font-size:14px;margin:12px 0 8px}
.cs-flash{border-radius:6px;padding:8px 14px;margin-bottom:12px}
.cs-flash.ok{background:#e8f8ee;color:#00863f;border:1px solid #b7ebc9}.cs-flash.error{background:#ffece8;color:#c9302c;border:1px solid #ffc7bd;white-space:pre-wrap}
.cs-banner{background:#fff7e8;border:1px solid #ffd591;color:#d46b08;border-radius:6px;padding:8px 14px;margin-bottom:12px}
.cs-banner small{color:#a2a3a4;margin-left:8px}
.cs-btn{display:inline-block;border:1px solid #d0d3d6;background:#fff;color:#171a1d;border-radius:6px;padding:4px 14px;font-size:14px;line-height:22px;cursor:pointer;font-family:inherit}
.cs-btn:hover{border-color:#0089ff;color:#0089ff;text-decoration:none}
.cs-btn.primary{background:#0089ff;border-color:#0089ff;color:#fff}.cs-btn.primary:hover{background:#1a96ff;color:#fff}
.cs-btn.danger{color:#f54a45;border-color:#ffc7bd}.cs-btn.link{border:0;background:none;color:#0089ff;padding:0 4px}
.cs-btn.small{padding:0 8px;font-size:12px}
.cs-btn[disabled]{color:#c9cdd4;border-color:#e5e6eb;cursor:not-allowed;background:#f7f8fa}
.cs-chips{display:flex;gap:8px;margin-bottom:12px}
.cs-chip{border:1px solid #e5e6eb;border-radius:14px;padding:1px 12px;color:#171a1d;background:#fff}.cs-chip.on{border-color:#0089ff;color:#0089ff}
.cs-toolbar{display:flex;gap:8px;align-items:center;margin-bottom:12px;flex-wrap:wrap}
.cs-toolbar .grow{flex:1}
input[type=text],input[type=search],input[type=number],input[type=password],input[type=url],input[type=datetime-local],select,textarea{border:1px solid #d0d3d6;border-radius:6px;padding:4px 10px;font:inherit;background:#fff;color:#171a1d}
input:focus,select:focus,textarea:focus{outline:none;border-color:#0089ff}
textarea{width:100%;min-height:72px}
.cs-search{width:320px}
table.cs-table{border-collapse:collapse;width:100%}
.cs-table th,.cs-table td{text-align:left;padding:8px 10px;border-bottom:1px solid #f0f0f0;vertical-align:top}
.cs-table th{background:#f7f8fa;color:#747677;font-weight:normal;white-space:nowrap}
.cs-table td.wrap{word-break:break-all}
.cs-table td{overflow-wrap:anywhere}
.cs-form .row{display:flex;gap:12px;margin-bottom:16px}
.cs-form .row>label,.cs-form .row>.label{width:150px;flex:none;text-align:right;color:#171a1d;padding-top:4px}
.cs-form .row>.field{flex:1;max-width:640px}
.cs-form .field input[type=text],.cs-form .field input[type=url],.cs-form .field select{width:100%}
.cs-form .field label select{width:auto;min-width:160px}
.req{color:#f54a45;margin-right:2px}
.help{color:#a2a3a4;font-size:12px;margin-top:4px}
.cs-count{float:right;color:#a2a3a4;font-size:12px}
.cs-kv{display:grid;grid-template-columns:200px 1fr;gap:10px 16px;align-items:center}
.cs-kv>.k{color:#747677}
.cs-secret{display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.cs-drawer-mask{position:fixed;inset:0;background:rgba(0,0,0,.35);z-index:10}
.cs-drawer{position:fixed;top:0;right:0;bottom:0;width:560px;max-width:100%;background:#fff;z-index:11;display:flex;flex-direction:column;box-shadow:-4px 0 16px rgba(0,0,0,.08)}
.cs-drawer header{padding:16px 24px;border-bottom:1px solid #f0f0f0;font-size:16px;font-weight:600;display:flex;justify-content:space-between}
.cs-drawer .content{padding:16px 24px;overflow:auto;flex:1}
.cs-drawer footer{padding:12px 24px;border-top:1px solid #f0f0f0;display:flex;justify-content:flex-end;gap:8px}
.cs-drawer .tip{background:#e6f4ff;border-radius:6px;padding:8px 12px;margin-bottom:16px;color:#171a1d}
.cs-vform label.block{display:block;margin:12px 0 6px}
.cs-vform input[type=text],.cs-vform textarea{width:100%}
.cs-iconpick{display:flex;gap:12px;align-items:center}
.cs-iconpick img{width:64px;height:64px;border-radius:12px;object-fit:cover;border:1px dashed #d0d3d6}
.cs-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.cs-card{background:#fff;border:1px solid #e5e6eb;border-radius:8px;padding:16px;display:flex;flex-direction:column;gap:8px}
.cs-card h3{margin:0;font-size:15px}.cs-card p{margin:0;color:#747677;font-size:13px;flex:1}
.cs-applist .cs-card{flex-direction:row;align-items:flex-start;gap:12px}
.cs-applist .cs-card .body{flex:1;min-width:0}
.cs-empty{text-align:center;color:#a2a3a4;padding:40px 0}
.cs-perm{display:flex;gap:16px;align-items:flex-start}
.cs-table td.nowrap,.cs-table th.nowrap{white-space:nowrap}
.cs-cats{width:160px;flex:none}
.cs-cats a{display:block;padding:5px 10px;color:#171a1d;border-radius:4px}.cs-cats a.on{background:#e6f4ff;color:#0089ff}
.cs-status-on{color:#00b365}.cs-status-off{color:#a2a3a4}
.cs-pager{display:flex;gap:12px;align-items:center;margin-top:12px}
.cs-tree a{display:block;padding:3px 0}
.cs-tree .on{font-weight:600}
.cs-split{display:flex;gap:16px;align-items:flex-start}.cs-split>.left{width:280px;flex:none}.cs-split>.right{flex:1;min-width:0}
details.cs-confirm{display:inline-block}
details.cs-confirm>summary{list-style:none;display:inline-block}
details.cs-confirm>summary::-webkit-details-marker{display:none}
details.cs-confirm[open]>.box{position:absolute;background:#fff;border:1px solid #e5e6eb;border-radius:8px;box-shadow:0 6px 16px rgba(0,0,0,.12);padding:12px 14px;margin-top:6px;z-index:4;max-width:360px}
.cs-outcome{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px}
.cs-outcome.ok{background:#e8f8ee;color:#00863f}.cs-outcome.refused{background:#ffece8;color:#c9302c}
.cs-outcome.fault{background:#fff3e8;color:#d46b08}.cs-outcome.error{background:#3d3d3d;color:#fff}
.cs-scn{display:inline-block;background:#f0e8ff;color:#722ed1;border-radius:3px;padding:0 6px;font-size:12px;margin-right:4px}
.cs-timeline{list-style:none;margin:0;padding:0 0 0 8px}
.cs-timeline li{position:relative;padding:0 0 14px 28px;border-left:2px solid #e5e6eb}
.cs-timeline li:last-child{border-left-color:transparent}
.cs-timeline .dot{position:absolute;left:-11px;top:0;width:20px;height:20px;border-radius:50%;color:#fff;font-size:12px;display:flex;align-items:center;justify-content:center}
.cs-timeline .dot.ok{background:#00b365}.cs-timeline .dot.refused{background:#f54a45}.cs-timeline .dot.fault{background:#ff7d00}.cs-timeline .dot.error{background:#3d3d3d}
.cs-timeline .step{display:flex;gap:8px;flex-wrap:wrap;align-items:baseline}
.cs-timeline .why{color:#c9302c;margin-top:2px}
.cs-timeline li.broke{background:linear-gradient(90deg,#fff1f0,transparent 70%)}
.cs-flowhead{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:10px}
fieldset{border:1px solid #e5e6eb;border-radius:6px;margin:0 0 12px;padding:8px 12px}
legend{color:#747677;font-size:12px}
.cs-header,.cs-header *{white-space:nowrap}
@media (max-width:1180px){.cs-topnav span,.cs-right>.small{display:none}.cs-org select{max-width:200px}}
@media (max-width:860px){.cs-topnav{display:none}.cs-side{width:168px}}
.cs-crumbs{color:#747677;margin-bottom:12px}.cs-crumbs a{color:#747677}.cs-crumbs .sep{margin:0 6px}
.sb-panel{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px}
.sb-panel h1{font-size:18px;margin:0 0 12px}.sb-panel h2{font-size:15px;margin:0 0 8px}
table.sb-table{border-collapse:collapse;width:100%}
.sb-table th,.sb-table td{text-align:left;padding:6px 8px;border-bottom:1px solid #f0f0f0}
.sb-table th{color:#747677;font-weight:normal;background:#f7f8fa}
.sb-badge{display:inline-block;min-width:18px;padding:0 6px;border-radius:9px;background:#ff5219;color:#fff;font-size:12px;text-align:center;line-height:18px}
.sb-muted{color:#a2a3a4}
.cs-btn,.cs-tag,.cs-outcome,.cs-scn,.cs-chip,.sb-badge,.cs-table th,label>select{white-space:nowrap;overflow-wrap:normal}
.cs-main select{max-width:100%}
.cs-timeline .step>*{min-width:0}
.cs-long{display:inline}
.cs-long>.v{overflow-wrap:anywhere}
.sb-pager{margin-top:12px;display:flex;gap:12px}
`;
