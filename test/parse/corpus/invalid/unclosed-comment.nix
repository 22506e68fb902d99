/* unclosed comment
1
