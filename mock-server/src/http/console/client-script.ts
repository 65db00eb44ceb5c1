/**
 * The console's only script, inlined with a CSP nonce: small conveniences on top of pages that work
 * without it — auto-submit selects, character counters, reading an icon file into a data: URL,
 * copy buttons, showing the fields of the chosen fault action, adding a userid to a list, 自动生成 of an
 * event subscription's aes_key (43 letters and digits), reading a chat's picture or file into base64
 * form fields, and swapping in a live block (the chat's conversation) from its server-rendered URL.
 */
export const CLIENT_SCRIPT = `
(function(){
  var $$=function(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s))};
  $$('select[data-autosubmit]').forEach(function(s){s.addEventListener('change',function(){s.form.submit()})});
  $$('[data-counter]').forEach(function(el){
    var out=document.getElementById(el.getAttribute('data-counter'));
    var upd=function(){if(out)out.textContent=el.value.length+'/'+el.getAttribute('maxlength')};
    el.addEventListener('input',upd);upd();
  });
  $$('input[type=file][data-icon-for]').forEach(function(f){
    f.addEventListener('change',function(){
      var hidden=document.getElementById(f.getAttribute('data-icon-for'));
      var prev=document.getElementById(f.getAttribute('data-preview'));
      var err=document.getElementById(f.getAttribute('data-error'));
      var file=f.files&&f.files[0];err.textContent='';
      if(!file){hidden.value='';return}
      if(['image/png','image/jpeg'].indexOf(file.type)<0){err.textContent='请上传JPG/PNG格式的图标 (JPG or PNG only)';f.value='';return}
      if(file.size>Number(f.getAttribute('data-max'))){err.textContent='图标过大 (too large): '+Math.round(file.size/1024)+' KB';f.value='';return}
      var r=new FileReader();
      r.onload=function(){hidden.value=r.result;if(prev){prev.src=r.result;prev.hidden=false}};
      r.readAsDataURL(file);
    });
  });
  $$('[data-copy]').forEach(function(b){
    b.addEventListener('click',function(){
      var el=document.querySelector(b.getAttribute('data-copy'));
      if(el&&navigator.clipboard){navigator.clipboard.writeText(el.textContent.trim()).then(function(){b.textContent='已复制'})}
    });
  });
  $$('select[data-action-select]').forEach(function(s){
    var show=function(){$$('[data-for-action]').forEach(function(fs){
      fs.hidden=fs.getAttribute('data-for-action').split(' ').indexOf(s.value)<0})};
    s.addEventListener('change',show);show();
  });
  $$('[data-generate-for]').forEach(function(b){
    b.addEventListener('click',function(){
      var t=document.getElementById(b.getAttribute('data-generate-for'));
      var abc='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',r=new Uint32Array(43),s='';
      crypto.getRandomValues(r);for(var i=0;i<43;i++)s+=abc.charAt(r[i]%62);
      if(t)t.value=s;
    });
  });
  $$('input[type=file][data-file-for]').forEach(function(f){
    var get=function(a){return document.getElementById(f.getAttribute(a))};
    f.addEventListener('change',function(){
      var b64=get('data-file-for'),name=get('data-file-name'),type=get('data-file-type'),err=get('data-error');
      var file=f.files&&f.files[0];err.textContent='';b64.value='';name.value='';type.value='';
      if(!file)return;
      if(file.size>Number(f.getAttribute('data-max'))){err.textContent='文件过大 (too large): '+Math.round(file.size/1024)+' KB';f.value='';return}
      var r=new FileReader();
      r.onload=function(){var u=String(r.result);b64.value=u.slice(u.indexOf(',')+1);name.value=file.name;type.value=file.type};
      r.readAsDataURL(file);
    });
  });
  $$('[data-live]').forEach(function(el){
    var last=null,busy=false;
    setInterval(function(){
      if(busy||document.hidden)return;busy=true;
      fetch(el.getAttribute('data-live'),{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(html){
        if(html!==null&&html!==last){last=html;el.innerHTML=html}
      }).catch(function(){}).then(function(){busy=false});
    },Number(el.getAttribute('data-live-ms'))||1000);
  });
  $$('[data-add-to]').forEach(function(b){
    b.addEventListener('click',function(){
      var t=document.getElementById(b.getAttribute('data-add-to'));
      var v=b.getAttribute('data-value');
      var list=t.value.split(/[,，\\s]+/).filter(Boolean);
      if(list.indexOf(v)<0)list.push(v);
      t.value=list.join(',');b.textContent='已添加';
    });
  });
})();
`;
