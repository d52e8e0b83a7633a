//! `with_embedded_python_interpreter` starts and finalizes the interpreter: a test binary of its
//! own, since nothing may use Python in this process afterwards.

use std::ffi::CString;

use pybound::prelude::*;

#[test]
fn the_interpreter_is_started_used_and_finalized() {
    let marker = std::env::temp_dir().join(format!("pybound-atexit-{}", std::process::id()));
    let path = marker.to_str().unwrap().to_owned();
    // SAFETY: the only use of Python in this process; the result is a plain integer.
    let out = unsafe {
        pybound::with_embedded_python_interpreter(|py| {
            let version: String = py
                .import("sys")
                .unwrap()
                .getattr("version")
                .unwrap()
                .extract()
                .unwrap();
            println!("sys.version = {version}");
            // Finalization runs `atexit` handlers: the marker file shows it happened.
            let code = format!(
                "import atexit\ndef mark():\n    open({path:?}, 'w').write('ran')\natexit.register(mark)\n"
            );
            py.run(&CString::new(code).unwrap(), None, None).unwrap();
            // A reference dropped on another thread while this one is detached is queued, then
            // carried out when it attaches again.
            let obj: Py<PyAny> = PyList::empty(py).into_any().unbind();
            py.detach(|| std::thread::spawn(move || drop(obj)).join().unwrap());
            assert_eq!(pybound::__private::pending_decref_count(), 0);
            7
        })
    };
    assert_eq!(out, 7);
    // SAFETY: may be called at any time.
    assert_eq!(unsafe { pybound::ffi::Py_IsInitialized() }, 0);
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "ran");
    std::fs::remove_file(&marker).unwrap();
}
