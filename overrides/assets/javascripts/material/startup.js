/* Material for MkDocs' start-up scripts, which the theme writes inline into every page,
   moved into a file so that the site's Content-Security-Policy can forbid inline scripts
   (script-src 'self'). The code is Material's (MIT licence, Copyright (c) 2016-2025
   Martin Donath); only where its values come from changed: the site scope is read from
   this script tag's data-scope attribute instead of being written into the code. */
__md_scope=new URL(document.currentScript.getAttribute("data-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
